using System.Buffers.Binary;
using System.Text;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// One TrueType face as PDFsharp can read it: a plain .ttf, or the first face cut out of a .ttc
/// collection (PDFsharp cannot read collections), plus the set of code points it has glyphs for.
/// </summary>
public sealed class TrueTypeFace
{
    public byte[] Bytes { get; }
    private readonly Dictionary<int, int> glyphs;

    private TrueTypeFace(byte[] bytes, Dictionary<int, int> glyphs)
    {
        Bytes = bytes;
        this.glyphs = glyphs;
    }

    /// <summary>Whether the face has a glyph for the code point.</summary>
    public bool Covers(int codePoint) => glyphs.ContainsKey(codePoint);

    /// <summary>The face's glyph for the code point, or glyph 0 (.notdef).</summary>
    internal int GlyphOf(int codePoint) => glyphs.GetValueOrDefault(codePoint);

    /// <summary>
    /// A smaller face cut from this one (decision 032): the glyphs of <paramref name="codePoints"/> that this face has, with
    /// the same outlines, metrics and hinting, numbered anew from 1. PDFsharp's subset keeps the font's whole glyph numbering
    /// (its loca and hmtx tables for every glyph), so the fewer glyphs the face has, the less every agreement embeds and compresses.
    /// </summary>
    public TrueTypeFace Compact(IEnumerable<int> codePoints) => CompactFace.Cut(Bytes, glyphs, codePoints);

    internal static TrueTypeFace FromParts(byte[] bytes, Dictionary<int, int> glyphs) => new(bytes, glyphs);

    /// <summary>Reads the file; null with <paramref name="why"/> when it is missing or unusable.</summary>
    public static TrueTypeFace? TryLoad(string path, out string why)
    {
        try
        {
            if (!File.Exists(path)) { why = "文件不存在"; return null; }
            var file = File.ReadAllBytes(path);
            var face = Tag(file, 0) == "ttcf" ? CutFirstFace(file) : file;
            var tables = Tables(face, 0);
            if (Tag(face, 0) == "OTTO" || !tables.ContainsKey("glyf"))
            {
                why = "不是 TrueType 轮廓字体（CFF 字体会被整体嵌入，不可用）";
                return null;
            }
            if (!tables.TryGetValue("cmap", out var cmap)) { why = "缺少 cmap 表"; return null; }
            why = "";
            return new TrueTypeFace(face, ReadCoverage(face, cmap.Offset));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or IndexOutOfRangeException)
        {
            why = ex.Message;
            return null;
        }
    }

    internal static string Tag(byte[] b, int at) => Encoding.ASCII.GetString(b, at, 4);
    internal static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at));
    internal static short S16(byte[] b, int at) => BinaryPrimitives.ReadInt16BigEndian(b.AsSpan(at));
    internal static int U32(byte[] b, int at) => checked((int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)));

    internal static Dictionary<string, (int Offset, int Length)> Tables(byte[] b, int sfnt)
    {
        var count = U16(b, sfnt + 4);
        var result = new Dictionary<string, (int, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var rec = sfnt + 12 + 16 * i;
            result[Tag(b, rec)] = (U32(b, rec + 8), U32(b, rec + 12));
        }
        return result;
    }

    /// <summary>Rebuilds a single-font file from face 0 of a collection: its table directory, tables copied and 4-byte aligned.</summary>
    private static byte[] CutFirstFace(byte[] ttc)
    {
        var sfnt = U32(ttc, 12); // offset of face 0
        var count = U16(ttc, sfnt + 4);
        var headerLength = 12 + 16 * count;
        var records = Enumerable.Range(0, count).Select(i => sfnt + 12 + 16 * i).ToArray();
        var total = headerLength + records.Sum(r => (U32(ttc, r + 12) + 3) & ~3);
        var output = new byte[total];
        Array.Copy(ttc, sfnt, output, 0, 12);
        var next = headerLength;
        for (var i = 0; i < count; i++)
        {
            var rec = records[i];
            var (offset, length) = (U32(ttc, rec + 8), U32(ttc, rec + 12));
            Array.Copy(ttc, rec, output, 12 + 16 * i, 8); // tag and checksum
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(12 + 16 * i + 8), (uint)next);
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(12 + 16 * i + 12), (uint)length);
            Array.Copy(ttc, offset, output, next, length);
            next += (length + 3) & ~3;
        }
        return output;
    }

    /// <summary>The code points mapped to a real glyph by the best Unicode subtable (format 12, else format 4), with their glyphs.</summary>
    private static Dictionary<int, int> ReadCoverage(byte[] b, int cmap)
    {
        var count = U16(b, cmap + 2);
        int? format4 = null, format12 = null;
        for (var i = 0; i < count; i++)
        {
            var rec = cmap + 4 + 8 * i;
            var (platform, encoding) = (U16(b, rec), U16(b, rec + 2));
            var sub = cmap + U32(b, rec + 4);
            var format = U16(b, sub);
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            if (!unicode) continue;
            if (format == 12) format12 ??= sub;
            else if (format == 4) format4 ??= sub;
        }
        var set = new Dictionary<int, int>();
        if (format12 is { } f12)
        {
            var groups = U32(b, f12 + 12);
            for (var g = 0; g < groups; g++)
            {
                var at = f12 + 16 + 12 * g;
                var (start, end, glyph) = (U32(b, at), U32(b, at + 4), U32(b, at + 8));
                for (var c = start; c <= end; c++) if (glyph + (c - start) != 0) set[c] = glyph + (c - start);
            }
        }
        else if (format4 is { } f4)
        {
            var segments = U16(b, f4 + 6) / 2;
            var ends = f4 + 14;
            var starts = ends + 2 * segments + 2;
            var deltas = starts + 2 * segments;
            var rangeOffsets = deltas + 2 * segments;
            for (var s = 0; s < segments; s++)
            {
                int start = U16(b, starts + 2 * s), end = U16(b, ends + 2 * s), delta = S16(b, deltas + 2 * s);
                var rangeOffsetAt = rangeOffsets + 2 * s;
                int rangeOffset = U16(b, rangeOffsetAt);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                    else
                    {
                        var at = rangeOffsetAt + rangeOffset + 2 * (c - start);
                        glyph = at + 1 < b.Length ? U16(b, at) : 0;
                        if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                    }
                    if (glyph != 0) set[c] = glyph;
                }
            }
        }
        return set;
    }
}
