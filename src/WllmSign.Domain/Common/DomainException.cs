namespace WllmSign.Domain.Common;

/// <summary>
/// A rule of the portal refused an action. <see cref="Exception.Message"/> is the Simplified Chinese
/// sentence shown to the user as it is.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
