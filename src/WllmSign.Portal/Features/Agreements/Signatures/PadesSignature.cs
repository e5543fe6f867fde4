using System.Text;
using System.Text.RegularExpressions;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>
/// Makes PDFsharp's signature a PAdES baseline B-B signature (ETSI EN 319 142-1; decision 021). PDFsharp 6.2.4 writes the
/// signature dictionary itself with <c>/SubFilter /adbe.pkcs7.detached</c> and <c>/M</c> = the machine's clock, and reserves
/// <c>/Contents</c> for the CMS; it is given a placeholder signer (<see cref="AgreementSignature"/>), and this then, on the
/// saved bytes: sets <c>/SubFilter /ETSI.CAdES.detached</c> (the same length), writes the signing time into <c>/M</c> (the
/// same length: the same UTC offset), and signs the final byte ranges with <see cref="AllianceCmsSigner"/> (content type,
/// message digest, ESS signing-certificate-v2; no CMS signing-time attribute, as PAdES requires), the CMS written into the
/// reserved <c>/Contents</c>. Nothing moves: every offset PDFsharp wrote (the cross-reference table, the byte ranges) stays right.
/// </summary>
public static partial class PadesSignature
{
    public const string SubFilter = "ETSI.CAdES.detached";
    private const string PdfSharpSubFilter = "adbe.pkcs7.detached";

    /// <summary>Completes the signature of <paramref name="pdf"/> in place.</summary>
    public static void Complete(byte[] pdf, AllianceCmsSigner signer)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(signer);
        // Latin-1 keeps one char per byte, so an index in the text is the byte offset.
        var text = Encoding.Latin1.GetString(pdf);
        var range = ByteRange().Match(text);
        if (!range.Success) throw new InvalidOperationException("The signed agreement has no /ByteRange.");
        long[] r = [.. Enumerable.Range(1, 4).Select(i => long.Parse(range.Groups[i].Value, CultureInfo.InvariantCulture))];
        var (b, c, d) = ((int)r[1], (int)r[2], (int)r[3]);
        if (r[0] != 0 || pdf[b] != (byte)'<' || pdf[c - 1] != (byte)'>' || c + d != pdf.Length)
            throw new InvalidOperationException("The signed agreement's /ByteRange does not frame its /Contents.");

        // The signature dictionary: the object around /ByteRange.
        var start = text.LastIndexOf(" obj", range.Index, StringComparison.Ordinal);
        var end = text.IndexOf("endobj", range.Index, StringComparison.Ordinal);
        if (start < 0 || end < 0) throw new InvalidOperationException("The signature dictionary was not found.");
        var sub = text.IndexOf("/" + PdfSharpSubFilter, start, end - start, StringComparison.Ordinal);
        if (sub < 0) throw new InvalidOperationException("The signature dictionary has no /SubFilter /adbe.pkcs7.detached.");
        Encoding.ASCII.GetBytes(SubFilter, pdf.AsSpan(sub + 1));

        var m = ModificationDate().Match(text, start, end - start);
        if (!m.Success) throw new InvalidOperationException("The signature dictionary has no /M date.");
        var date = PdfDate(signer.SigningTime, m.Groups["offset"].Value);
        if (date.Length != m.Groups["date"].Length) throw new InvalidOperationException($"The signing time {date} does not fit /M.");
        Encoding.ASCII.GetBytes(date, pdf.AsSpan(m.Groups["date"].Index));

        var signed = new byte[b + d];
        pdf.AsSpan(0, b).CopyTo(signed);
        pdf.AsSpan(c, d).CopyTo(signed.AsSpan(b));
        var hex = Convert.ToHexString(signer.Sign(signed));
        var room = c - b - 2;
        if (hex.Length > room) throw new InvalidOperationException("The CMS signature does not fit the reserved /Contents.");
        Encoding.ASCII.GetBytes(hex, pdf.AsSpan(b + 1));
        pdf.AsSpan(b + 1 + hex.Length, room - hex.Length).Fill((byte)'0');
    }

    /// <summary>The signing time as a PDF date in the UTC offset PDFsharp used (so the length does not change).</summary>
    private static string PdfDate(DateTimeOffset time, string offset)
    {
        if (offset.Length == 0 || offset.StartsWith('Z'))
            return "D:" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + offset;
        var sign = offset[0] == '-' ? -1 : 1;
        var span = TimeSpan.FromHours(sign * int.Parse(offset.AsSpan(1, 2), CultureInfo.InvariantCulture))
            + TimeSpan.FromMinutes(sign * int.Parse(offset.AsSpan(4, 2), CultureInfo.InvariantCulture));
        return "D:" + time.ToOffset(span).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + offset;
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"/M\s*\((?<date>D:\d{14}(?<offset>Z|[+-]\d\d'\d\d'?)?)\)")]
    private static partial Regex ModificationDate();
}
