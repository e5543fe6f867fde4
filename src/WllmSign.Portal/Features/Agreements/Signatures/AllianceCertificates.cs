using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>Signing is on but no certificate is configured (and no demo certificate asked for): the portal does not start.</summary>
public sealed class SigningCertificateMissingException(string message) : Exception(message);

/// <summary>
/// The alliance's signing certificate (with its private key) and the CA certificate it chains to, loaded once at start-up
/// from <see cref="AgreementSigningOptions"/>. <see cref="Enabled"/> false: agreements are issued unsigned.
/// </summary>
public sealed class AllianceCertificates
{
    public bool Enabled { get; }
    /// <summary>The signing certificate with its private key; null when signing is off.</summary>
    public X509Certificate2? Signer { get; }
    /// <summary>The trust anchor of /verify; null when signing is off.</summary>
    public X509Certificate2? Ca { get; }

    public AllianceCertificates(X509Certificate2 signer, X509Certificate2 ca)
    {
        if (!signer.HasPrivateKey) throw new SigningCertificateMissingException("The agreement signing certificate has no private key.");
        (Enabled, Signer, Ca) = (true, signer, ca);
    }

    private AllianceCertificates() { }

    public static AllianceCertificates Disabled { get; } = new();

    /// <summary>The CA certificate as PEM, for download at /verify.</summary>
    public string CaPem => Ca?.ExportCertificatePem() ?? "";

    /// <summary>Loads the configured certificate, or the demo one; throws <see cref="SigningCertificateMissingException"/> with the setting to fix.</summary>
    public static AllianceCertificates Load(AgreementSigningOptions options, string contentRoot, TimeProvider clock, ILogger log)
    {
        if (!options.Enabled)
        {
            log.LogWarning("协议书数字签名已关闭（{Setting}=false）：签发的协议书没有数字签名和鉴证章。", AgreementSigningOptions.Section + ":Enabled");
            return Disabled;
        }
        string Resolve(string path) => Path.GetFullPath(path, contentRoot);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var path = Resolve(options.CertificatePath.Trim());
            if (!File.Exists(path))
                throw new SigningCertificateMissingException($"{AgreementSigningOptions.Section}:CertificatePath names a file that does not exist: {path}");
            var (signer, extra) = LoadSigner(path, options.KeyPath is { Length: > 0 } k ? Resolve(k.Trim()) : null, options.Password);
            var ca = options.CaCertificatePath is { Length: > 0 } c ? LoadCertificate(Resolve(c.Trim()))
                : extra.FirstOrDefault(x => x.SubjectName.RawData.AsSpan().SequenceEqual(signer.IssuerName.RawData))
                  ?? (signer.SubjectName.RawData.AsSpan().SequenceEqual(signer.IssuerName.RawData) ? signer
                      : throw new SigningCertificateMissingException($"Set {AgreementSigningOptions.Section}:CaCertificatePath to the CA certificate that issued {signer.Subject}."));
            log.LogInformation("协议书签名证书：{Subject}（{Thumbprint}），根证书：{Ca}", signer.Subject, signer.Thumbprint, ca.Subject);
            return new AllianceCertificates(signer, ca);
        }
        if (options.GenerateDemoCertificate)
        {
            var folder = Resolve(options.DemoDirectory);
            var (signer, ca, created) = DemoCertificates.LoadOrCreate(folder, clock);
            log.LogWarning("协议书签名使用演示证书（{State}）：{Folder}。演示证书仅供演示，正式部署请配置 {Setting}:CertificatePath。",
                created ? "首次启动，已生成演示根证书和签名证书" : "已存在", folder, AgreementSigningOptions.Section);
            return new AllianceCertificates(signer, ca);
        }
        throw new SigningCertificateMissingException(
            $"Agreements are signed, but no signing certificate is configured. Set {AgreementSigningOptions.Section}:CertificatePath " +
            $"(a PKCS#12 file with :Password, or a PEM certificate with :KeyPath) and :CaCertificatePath; or, for a demo, " +
            $"{AgreementSigningOptions.Section}:GenerateDemoCertificate=true; or turn signing off explicitly with {AgreementSigningOptions.Section}:Enabled=false.");
    }

    private static (X509Certificate2 Signer, X509Certificate2Collection Extra) LoadSigner(string path, string? keyPath, string? password)
    {
        var text = IsPem(path);
        if (text)
        {
            if (keyPath is null) throw new SigningCertificateMissingException($"A PEM certificate needs its key: set {AgreementSigningOptions.Section}:KeyPath.");
            var pem = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
            return (pem, []);
        }
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        var signer = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new SigningCertificateMissingException($"The PKCS#12 file {path} holds no certificate with a private key.");
        var extra = new X509Certificate2Collection();
        foreach (var c in all) if (!ReferenceEquals(c, signer)) extra.Add(c);
        return (signer, extra);
    }

    public static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path)) throw new SigningCertificateMissingException($"{AgreementSigningOptions.Section}:CaCertificatePath names a file that does not exist: {path}");
        return IsPem(path) ? X509Certificate2.CreateFromPem(File.ReadAllText(path)) : X509CertificateLoader.LoadCertificateFromFile(path);
    }

    private static bool IsPem(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var f = File.OpenRead(path);
        var n = f.Read(head);
        return System.Text.Encoding.ASCII.GetString(head[..n]).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}

/// <summary>
/// The embedded demo's certificates: a small CA (湖北高校就业网络联盟 电子签章根证书（演示）) and a signing certificate issued by it,
/// written as PEM files on first start. The CA's private key is not kept: it signs the one certificate and is discarded.
/// </summary>
public static class DemoCertificates
{
    public const string CaFile = "alliance-ca.crt", SignerFile = "alliance-signing.crt", KeyFile = "alliance-signing.key";

    public static (X509Certificate2 Signer, X509Certificate2 Ca, bool Created) LoadOrCreate(string folder, TimeProvider clock)
    {
        string ca = Path.Combine(folder, CaFile), crt = Path.Combine(folder, SignerFile), key = Path.Combine(folder, KeyFile);
        if (File.Exists(ca) && File.Exists(crt) && File.Exists(key))
            return (X509Certificate2.CreateFromPemFile(crt, key), X509Certificate2.CreateFromPem(File.ReadAllText(ca)), false);

        Directory.CreateDirectory(folder);
        var (signer, root) = Create("湖北高校就业网络联盟", clock.GetUtcNow(), demo: true);
        using var rsa = signer.GetRSAPrivateKey()!;
        var keyPem = rsa.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(key, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(key, keyPem);
        File.WriteAllText(crt, signer.ExportCertificatePem());
        File.WriteAllText(ca, root.ExportCertificatePem());
        return (signer, root, true);
    }

    /// <summary>
    /// A CA and a signing certificate it issued (RSA 2048, SHA-256), valid from a year back (a demo database may hold
    /// agreements signed at earlier, simulated times). Also used by tests for "another" alliance.
    /// </summary>
    public static (X509Certificate2 Signer, X509Certificate2 Ca) Create(string organisation, DateTimeOffset now, bool demo)
    {
        var suffix = demo ? "（演示）" : "";
        using var caKey = RSA.Create(2048);
        var caName = Name(organisation, $"{organisation} 电子签章根证书{suffix}");
        var caRequest = new CertificateRequest(caName, caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest(Name(organisation, $"{organisation} 协议书电子签名{suffix}"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, now.AddYears(-1), now.AddYears(5), serial);
        var signer = issued.CopyWithPrivateKey(key);
        return (signer, X509CertificateLoader.LoadCertificate(ca.RawData));
    }

    private static X500DistinguishedName Name(string organisation, string commonName)
    {
        var b = new X500DistinguishedNameBuilder();
        b.AddCountryOrRegion("CN");
        b.AddOrganizationName(organisation);
        b.AddCommonName(commonName);
        return b.Build();
    }
}
