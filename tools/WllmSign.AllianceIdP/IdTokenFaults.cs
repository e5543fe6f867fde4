namespace WllmSign.AllianceIdP;

/// <summary>What the token endpoint does to the next id tokens it issues: the tests' switch for a misbehaving provider.</summary>
public enum IdTokenFault
{
    None,
    /// <summary>The payload is changed after signing (another credit code): the signature no longer matches.</summary>
    Tampered,
    /// <summary>Validly signed, but issued for another client.</summary>
    WrongAudience,
    /// <summary>Validly signed, but expired ten minutes ago.</summary>
    Expired,
}

/// <summary>Holds the current fault (tests set it on the in-process provider; the demo never does).</summary>
public sealed class IdTokenFaults
{
    private volatile IdTokenFault current;
    public IdTokenFault Current { get => current; set => current = value; }
}
