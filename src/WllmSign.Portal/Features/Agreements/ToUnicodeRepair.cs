using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// PDFsharp 6.2.4 writes a character outside the Basic Multilingual Plane (𠮷 is U+20BB7) into the
/// ToUnicode map as five hex digits (<c>&lt;20BB7&gt;</c>), which readers take for U+20BB: the glyph is
/// right but copied text is wrong. This rewrites such entries as UTF-16 surrogate pairs
/// (<c>&lt;D842DFB7&gt;</c>). Needed only when a document contains such characters.
/// </summary>
public static partial class ToUnicodeRepair
{
    /// <param name="beforeSave">Applied to the document before it is saved again (the agreement's signature goes on here).</param>
    public static byte[] Repair(byte[] pdfBytes, Action<PdfDocument>? beforeSave = null)
    {
        using var input = new MemoryStream(pdfBytes);
        using var pdf = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        var changed = false;
        foreach (var obj in pdf.Internals.GetAllObjects())
        {
            if (obj is not PdfDictionary { Stream: { } stream } dict) continue;
            var text = Encoding.ASCII.GetString(stream.UnfilteredValue);
            if (!text.Contains("beginbfrange", StringComparison.Ordinal) && !text.Contains("beginbfchar", StringComparison.Ordinal)) continue;
            var fixedText = Fix(text);
            if (fixedText == text) continue;
            dict.Elements.Remove("/Filter");
            dict.Elements.Remove("/DecodeParms");
            stream.Value = Encoding.ASCII.GetBytes(fixedText);
            changed = true;
        }
        if (!changed && beforeSave is null) return pdfBytes;
        beforeSave?.Invoke(pdf);
        using var output = new MemoryStream(pdfBytes.Length + 1024);
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Moves every mapping to a supplementary code point out of the bfrange blocks into bfchar entries with surrogate pairs.</summary>
    public static string Fix(string cmap)
    {
        var keep = new List<string>();
        var chars = new List<string>();
        var any = false;
        foreach (Match block in RangeBlock().Matches(cmap))
        {
            foreach (Match m in RangeEntry().Matches(block.Groups["body"].Value))
            {
                int lo = Hex(m.Groups["lo"].Value), hi = Hex(m.Groups["hi"].Value), dst = Hex(m.Groups["dst"].Value);
                if (dst <= 0xFFFF) { keep.Add(m.Value); continue; }
                any = true;
                for (var g = lo; g <= hi; g++) chars.Add($"<{g:X4}><{Utf16(dst + g - lo)}>");
            }
        }
        foreach (Match block in CharBlock().Matches(cmap))
        {
            foreach (Match m in CharEntry().Matches(block.Groups["body"].Value))
            {
                var dst = Hex(m.Groups["dst"].Value);
                if (dst > 0xFFFF) any = true;
                chars.Add(dst > 0xFFFF ? $"<{m.Groups["src"].Value}><{Utf16(dst)}>" : m.Value);
            }
        }
        if (!any) return cmap;

        var sections = new StringBuilder();
        foreach (var chunk in keep.Chunk(100))
            sections.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfrange\n{string.Join('\n', chunk)}\nendbfrange\n");
        foreach (var chunk in chars.Chunk(100))
            sections.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n{string.Join('\n', chunk)}\nendbfchar\n");

        var withoutBlocks = CharBlock().Replace(RangeBlock().Replace(cmap, ""), "");
        var at = withoutBlocks.IndexOf("endcmap", StringComparison.Ordinal);
        return withoutBlocks[..at] + sections + withoutBlocks[at..];
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(int codePoint) =>
        Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)));

    [GeneratedRegex(@"\d+\s+beginbfrange(?<body>.*?)endbfrange\s*", RegexOptions.Singleline)]
    private static partial Regex RangeBlock();

    [GeneratedRegex(@"\d+\s+beginbfchar(?<body>.*?)endbfchar\s*", RegexOptions.Singleline)]
    private static partial Regex CharBlock();

    [GeneratedRegex(@"<(?<lo>[0-9A-Fa-f]+)>\s*<(?<hi>[0-9A-Fa-f]+)>\s*<(?<dst>[0-9A-Fa-f]+)>")]
    private static partial Regex RangeEntry();

    [GeneratedRegex(@"<(?<src>[0-9A-Fa-f]+)>\s*<(?<dst>[0-9A-Fa-f]+)>")]
    private static partial Regex CharEntry();
}
