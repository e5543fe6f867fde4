using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace WllmSign.Portal.Features.Security;

/// <summary>The <c>DataProtection</c> section: how the key ring (kept in the database) is encrypted at rest.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file (.pfx/.p12) or a PEM certificate, relative to the content root or absolute.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of the PKCS#12 file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>For a PEM certificate: the PEM file of its private key (empty: the key is in the certificate's file).</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// Embedded demo, Development and tests only: when no certificate exists at <see cref="CertificatePath"/> (default
    /// <c>App_Data/dataprotection-cert.pfx</c>), create a self-signed one there. Off by default (production).
    /// </summary>
    public bool GenerateCertificate { get; set; }

    /// <summary>Production starts without a certificate only when this is set (the keys are then stored in clear).</summary>
    public bool AllowUnencryptedKeys { get; set; }
}

/// <summary>
/// Encrypts the Data Protection key ring at rest with an X.509 certificate (decision 019): a backup of the database
/// alone no longer lets anyone forge a sign-in cookie. Production refuses to start without a certificate unless
/// <c>DataProtection:AllowUnencryptedKeys</c> is true.
/// </summary>
public static class KeyRingProtection
{
    public const string DefaultGeneratedPath = "App_Data/dataprotection-cert.pfx";

    public const string MissingCertificateMessage =
        "Data Protection keys would be stored unencrypted: set DataProtection:CertificatePath (a .pfx with " +
        "DataProtection:CertificatePassword, or a PEM certificate with DataProtection:CertificateKeyPath), or set " +
        "DataProtection:AllowUnencryptedKeys=true to accept unencrypted keys.";

    /// <summary>The key ring's encryption from the bound <c>DataProtection</c> settings (<see cref="OptionsBinding"/>).</summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, KeyRingOptions options, IHostEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(env);
        var certificate = Load(options, env.ContentRootPath);
        if (certificate is not null) return builder.ProtectKeysWithCertificate(certificate);
        if (env.IsProduction() && !options.AllowUnencryptedKeys) throw new InvalidOperationException(MissingCertificateMessage);
        return builder;
    }

    /// <summary>The configured certificate (generated first when allowed), or null when none is configured.</summary>
    public static X509Certificate2? Load(KeyRingOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = !string.IsNullOrWhiteSpace(options.CertificatePath);
        if (!configured && !options.GenerateCertificate) return null;
        var path = Path.GetFullPath(configured ? options.CertificatePath! : DefaultGeneratedPath, contentRoot);
        if (!File.Exists(path))
        {
            if (!options.GenerateCertificate) throw new InvalidOperationException($"DataProtection:CertificatePath: no file at {path}.");
            Generate(path, options.CertificatePassword);
        }
        if (path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(options.CertificateKeyPath)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509Certificate2.CreateFromPemFile(path, Path.GetFullPath(options.CertificateKeyPath, contentRoot));
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>A self-signed RSA 3072 certificate for key encryption, valid 10 years, written as PKCS#12 (owner-only where the OS allows).</summary>
    private static void Generate(string path, string? password)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=WllmSign Data Protection (embedded demo)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var bytes = certificate.Export(X509ContentType.Pkcs12, password);
        // Written to a temporary name and moved: two hosts starting together never read half a file.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another host generated it first: use theirs
        }
    }
}
