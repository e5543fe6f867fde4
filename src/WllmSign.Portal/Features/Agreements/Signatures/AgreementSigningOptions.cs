namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>The <c>Agreements:Signing</c> section: the alliance's signing certificate (decision 021).</summary>
public sealed class AgreementSigningOptions
{
    public const string Section = "Agreements:Signing";

    /// <summary>Sign every agreement PDF. Turning it off is an explicit choice: the portal then issues unsigned PDFs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The signing certificate: a PKCS#12 file (.pfx/.p12, with its key; <see cref="Password"/> opens it) or a PEM
    /// certificate (then <see cref="KeyPath"/> names its PEM private key). Relative paths are resolved against the content root.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/> (PKCS#8, encrypted when <see cref="Password"/> is set).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 password, or the password of an encrypted PEM key. Keep it out of appsettings.json (environment or a secret store).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The alliance CA certificate (PEM or DER) the signing certificate chains to: /verify trusts only signatures that chain
    /// to it and offers it for download. Empty: a CA certificate inside the PKCS#12 file, else the signing certificate itself
    /// when it is self-signed.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// The embedded demo: with no <see cref="CertificatePath"/>, create a small CA and a signing certificate under
    /// <see cref="DemoDirectory"/> on first start (and reuse them afterwards). Off by default; scripts/run.sh,
    /// appsettings.Development.json and the test host turn it on.
    /// </summary>
    public bool GenerateDemoCertificate { get; set; }

    /// <summary>Where the demo certificates live, relative to the content root.</summary>
    public string DemoDirectory { get; set; } = "App_Data/signing";

    /// <summary>The largest PDF /verify accepts for the file check.</summary>
    public int MaxUploadBytes { get; set; } = 2 * 1024 * 1024;
}
