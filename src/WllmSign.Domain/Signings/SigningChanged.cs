namespace WllmSign.Domain.Signings;

/// <summary>
/// Raised by every successful transition of a <see cref="Signing"/> (including its creation, where
/// <see cref="From"/> is null). The portal reads <see cref="Signing.DomainEvents"/> after saving to send
/// notifications and update live counts, then calls <see cref="Signing.ClearEvents"/>.
/// </summary>
/// <param name="Signing">The signing after the change (its Id is set once it has been saved).</param>
/// <param name="From">The status before; null when the signing was just created.</param>
/// <param name="To">The status after.</param>
/// <param name="Action">The trail words of the action, one of <see cref="TrailActions"/>.</param>
/// <param name="Actor">Who did it.</param>
public sealed record SigningChanged(Signing Signing, SigningStatus? From, SigningStatus To, string Action, Actor Actor);
