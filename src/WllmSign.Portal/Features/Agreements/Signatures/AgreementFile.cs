namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>Which agreement a file is: the effective one, or the void one issued after the termination.</summary>
public enum AgreementFileKind
{
    Effective = 1,
    Void = 2,
}

/// <summary>
/// One issued agreement PDF (decision 021): generated and signed once, on its first download, and then served as stored,
/// so that every download of it is the same file and /verify can recognise it by its SHA-256. At most one per signing and kind.
/// </summary>
public sealed class AgreementFile
{
    public int Id { get; set; }
    public int SigningId { get; set; }
    public AgreementFileKind Kind { get; set; }
    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>Whether the file carries the alliance's signature (false only when signing was turned off).</summary>
    public bool Signed { get; set; }
    public byte[] Content { get; set; } = [];
}
