using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Pdf.Signatures;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>
/// The CAdES detached signature of an agreement (PAdES baseline B-B, <see cref="PadesSignature"/>): SHA-256 over the file's
/// byte ranges, RSA PKCS#1 v1.5, with the content type, the message digest and the ESS signing-certificate-v2 reference
/// (RFC 5035) as signed attributes — no signing-time attribute: PAdES puts the signing time in the signature dictionary's
/// /M — and the signing certificate and its CA certificate embedded (a reader needs nothing else but the CA as trust
/// anchor). No network (no time-stamp authority). Also PDFsharp's <see cref="IDigitalSigner"/>, for the size to reserve.
/// </summary>
public sealed class AllianceCmsSigner(X509Certificate2 certificate, X509Certificate2 ca, DateTimeOffset signingTime) : IDigitalSigner
{
    // The size of one certificate's signature does not change between agreements: measured once per certificate.
    private static readonly ConcurrentDictionary<string, int> Sizes = new();

    public string CertificateName => certificate.GetNameInfo(X509NameType.SimpleName, false);

    public DateTimeOffset SigningTime => signingTime;

    public Task<int> GetSignatureSizeAsync() =>
        Task.FromResult(Sizes.GetOrAdd(certificate.Thumbprint + ca.Thumbprint, _ => Sign([0]).Length + 64));

    public Task<byte[]> GetSignatureAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var content = new byte[stream.Length];
        stream.Position = 0;
        stream.ReadExactly(content);
        return Task.FromResult(Sign(content));
    }

    /// <summary>The encoded CMS SignedData over <paramref name="content"/> (detached).</summary>
    public byte[] Sign(byte[] content)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.Add(ca);
        signer.SignedAttributes.Add(SigningCertificateV2());
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>ESS signing-certificate-v2 (RFC 5035) with the SHA-256 hash of the signing certificate (default algorithm, so omitted).</summary>
    private AsnEncodedData SigningCertificateV2()
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())               // SigningCertificateV2
        {
            using (writer.PushSequence())           // certs SEQUENCE OF ESSCertIDv2
            using (writer.PushSequence())           // ESSCertIDv2
                writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        }
        return new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), writer.Encode());
    }
}
