using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>What the file check found about an uploaded PDF's signature, before the portal's records are asked.</summary>
public enum PdfSignatureState
{
    /// <summary>Not a PDF at all.</summary>
    NotPdf,
    /// <summary>No signature, or one whose certificate does not chain to the alliance CA: not issued by this portal.</summary>
    Foreign,
    /// <summary>Signed by the alliance, but the signed bytes changed, or something was added after the signed range.</summary>
    Modified,
    /// <summary>Signed by the alliance, the signature is intact and covers the whole file.</summary>
    Intact,
}

/// <summary>
/// Checks a PDF's first signature without the portal's records (decision 021): finds its /ByteRange and /Contents, decodes
/// the CMS signature, requires the signer's certificate to chain to the alliance CA (no other trust anchor; no revocation
/// check: the CA is the alliance's own), verifies the signature and the message digest over the byte ranges, and requires
/// the ranges to cover the whole file except the signature itself (nothing appended: an incremental update after signing
/// is a modification). Pure: bytes and certificates in, a state out.
/// </summary>
public static partial class PdfSignatureInspector
{
    public static PdfSignatureState Inspect(ReadOnlySpan<byte> file, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (file.Length < 8 || !file[..5].SequenceEqual("%PDF-"u8)) return PdfSignatureState.NotPdf;

        // Latin-1 keeps one char per byte, so a match's index is its byte offset.
        var text = Encoding.Latin1.GetString(file);
        var match = ByteRange().Match(text);
        if (!match.Success) return PdfSignatureState.Foreign;
        if (!long.TryParse(match.Groups[1].Value, out var a) || !long.TryParse(match.Groups[2].Value, out var b)
            || !long.TryParse(match.Groups[3].Value, out var c) || !long.TryParse(match.Groups[4].Value, out var d))
            return PdfSignatureState.Modified;
        // The two ranges: [0, b) and [c, c + d); between them the hex string <...> of /Contents.
        if (a != 0 || b <= 0 || c <= b + 1 || d < 0 || c + d > file.Length || file[(int)b] != (byte)'<' || file[(int)c - 1] != (byte)'>')
            return PdfSignatureState.Modified;

        byte[] der;
        try
        {
            der = Convert.FromHexString(text.AsSpan((int)b + 1, (int)(c - b - 2)).Trim());
        }
        catch (FormatException)
        {
            return PdfSignatureState.Modified;
        }
        var signed = new byte[b + d];
        file[..(int)b].CopyTo(signed);
        file.Slice((int)c, (int)d).CopyTo(signed.AsSpan((int)b));

        var cms = new SignedCms(new ContentInfo(signed), detached: true);
        try
        {
            cms.Decode(DerPrefix(der));
        }
        catch (CryptographicException)
        {
            return PdfSignatureState.Modified;
        }
        if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } signer) return PdfSignatureState.Foreign;
        if (!ChainsTo(signer, ca, cms.Certificates, SigningTime(cms.SignerInfos[0]) ?? DictionaryTime(text, match.Index))) return PdfSignatureState.Foreign;
        try
        {
            cms.SignerInfos[0].CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return PdfSignatureState.Modified;
        }
        return c + d == file.Length ? PdfSignatureState.Intact : PdfSignatureState.Modified;
    }

    /// <summary>Whether <paramref name="signer"/> chains to <paramref name="ca"/> and nothing else, as of the signing time.</summary>
    public static bool ChainsTo(X509Certificate2 signer, X509Certificate2 ca, X509Certificate2Collection extra, DateTime? at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (at is { } t) chain.ChainPolicy.VerificationTime = t;
        if (!chain.Build(signer)) return false;
        var root = chain.ChainElements[^1].Certificate;
        return root.RawData.AsSpan().SequenceEqual(ca.RawData);
    }

    private static DateTime? SigningTime(SignerInfo info)
    {
        foreach (var attribute in info.SignedAttributes)
            if (attribute.Oid.Value == "1.2.840.113549.1.9.5" && attribute.Values.Count > 0)
                return new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime;
        return null;
    }

    /// <summary>PAdES: the signing time is the signature dictionary's /M (the dictionary around /ByteRange).</summary>
    private static DateTime? DictionaryTime(string text, int byteRange)
    {
        var start = text.LastIndexOf(" obj", byteRange, StringComparison.Ordinal);
        var end = text.IndexOf("endobj", byteRange, StringComparison.Ordinal);
        if (start < 0 || end < 0) return null;
        var m = PdfDate().Match(text, start, end - start);
        if (!m.Success) return null;
        var offset = m.Groups["sign"].Success
            ? TimeSpan.FromHours(int.Parse(m.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture))
              + TimeSpan.FromMinutes(int.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
        if (m.Groups["sign"].Value == "-") offset = -offset;
        return DateTime.TryParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, offset).UtcDateTime
            : null;
    }

    [GeneratedRegex(@"/M\s*\(D:(\d{14})(Z|(?<sign>[+-])(?<h>\d\d)'(?<m>\d\d)'?)?\)")]
    private static partial Regex PdfDate();

    /// <summary>The DER value without the zero padding PDF writers put after it inside /Contents.</summary>
    private static byte[] DerPrefix(byte[] der)
    {
        if (der.Length < 2 || der[0] != 0x30) return der;
        int length, header;
        if (der[1] < 0x80) (length, header) = (der[1], 2);
        else
        {
            var n = der[1] & 0x7F;
            if (n is 0 or > 4 || der.Length < 2 + n) return der;
            length = 0;
            for (var i = 0; i < n; i++) length = (length << 8) | der[2 + i];
            header = 2 + n;
        }
        return header + length <= der.Length && length >= 0 ? der[..(header + length)] : der;
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();
}
