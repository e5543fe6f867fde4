using System.Buffers.Binary;
using System.Text;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// Cuts a TrueType face down to the glyphs of given characters (decision 032), once per process: glyph 0 (.notdef), the
/// characters' glyphs and the components of composite glyphs, numbered anew in their old order. Outlines and their
/// hinting instructions, advance widths, side bearings, the vertical metrics (hhea, OS/2) and the hinting
/// programs (fpgm, prep, cvt) are copied unchanged, so a glyph draws exactly as it does from the whole face. Dropped:
/// what PDFsharp neither reads nor embeds (GSUB, GPOS, bitmaps, vertical metrics, glyph names); the name table is its own.
/// The same builder cuts each agreement's own font program from the compact face (<see cref="Subset"/>, decision 045).
/// </summary>
internal static class CompactFace
{
    private static readonly string[] Copied = ["OS/2", "cvt ", "fpgm", "prep", "gasp"];

    public static TrueTypeFace Cut(byte[] face, Dictionary<int, int> glyphOf, IEnumerable<int> codePoints)
    {
        var tables = TrueTypeFace.Tables(face, 0);
        var (headAt, _) = tables["head"];
        var longLoca = TrueTypeFace.S16(face, headAt + 50) != 0;
        var (locaAt, _) = tables["loca"];
        var (glyfAt, _) = tables["glyf"];
        var oldCount = TrueTypeFace.U16(face, tables["maxp"].Offset + 4);

        int Loca(int g) => longLoca ? TrueTypeFace.U32(face, locaAt + 4 * g) : 2 * TrueTypeFace.U16(face, locaAt + 2 * g);
        (int Start, int Length) Glyph(int g) => (glyfAt + Loca(g), Loca(g + 1) - Loca(g));

        // The characters this face has, and the closure of their glyphs over composite components.
        var chars = codePoints.Where(c => c <= 0xFFFF && glyphOf.ContainsKey(c)).Distinct().Order().ToArray();
        var used = new SortedSet<int> { 0 };
        var pending = new Stack<int>(chars.Select(c => glyphOf[c]));
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (g >= oldCount || !used.Add(g)) continue;
            foreach (var (_, component) in Components(face, Glyph(g))) pending.Push(component);
        }
        var (output, newId) = GlyphTables(face, tables, used.ToList());
        var post = Copy(face, (tables["post"].Offset, 32));
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000); // version 3: no glyph names
        output["cmap"] = Cmap(chars, c => newId[glyphOf[c]]);
        output["post"] = post;
        output["name"] = Names(ReadName(face, tables["name"].Offset, 1) ?? "CJK");
        foreach (var tag in Copied)
            if (tables.TryGetValue(tag, out var t)) output[tag] = Copy(face, t);

        var glyphs = chars.ToDictionary(c => c, c => newId[glyphOf[c]]);
        return TrueTypeFace.FromParts(Write(output), glyphs);
    }

    /// <summary>
    /// The font program a PDF embeds for one document (decision 045): the given glyphs of <paramref name="face"/>, glyph
    /// <c>i</c> of the list becoming glyph <c>i</c> (the text's CIDs, with /CIDToGIDMap /Identity), the components of composite
    /// glyphs appended after them. Only the tables a CIDFontType2 program needs (ISO 32000-1, 9.9): no cmap, name or post.
    /// The tables, for <see cref="SfntLength"/> and <see cref="WriteSfnt"/> (straight into the compressor).
    /// </summary>
    public static Dictionary<string, byte[]> Subset(byte[] face, List<int> glyphs)
    {
        var tables = TrueTypeFace.Tables(face, 0);
        var (output, _) = GlyphTables(face, tables, glyphs);
        foreach (var tag in (string[])["cvt ", "fpgm", "prep"])
            if (tables.TryGetValue(tag, out var t)) output[tag] = Copy(face, t);
        return output;
    }

    /// <summary>
    /// glyf, loca (long offsets), hmtx, head, hhea and maxp for the glyphs of <paramref name="order"/> in that order, composite
    /// components renumbered (and appended to <paramref name="order"/> when missing); with the new number of each old glyph.
    /// </summary>
    private static (Dictionary<string, byte[]> Tables, Dictionary<int, int> NewId) GlyphTables(
        byte[] face, Dictionary<string, (int Offset, int Length)> tables, List<int> order)
    {
        var (headAt, _) = tables["head"];
        var longLoca = TrueTypeFace.S16(face, headAt + 50) != 0;
        var (locaAt, _) = tables["loca"];
        var (glyfAt, _) = tables["glyf"];
        var (hheaAt, _) = tables["hhea"];
        var (hmtxAt, _) = tables["hmtx"];
        var (maxpAt, maxpLength) = tables["maxp"];
        var oldMetrics = TrueTypeFace.U16(face, hheaAt + 34);

        int Loca(int g) => longLoca ? TrueTypeFace.U32(face, locaAt + 4 * g) : 2 * TrueTypeFace.U16(face, locaAt + 2 * g);
        (int Start, int Length) Glyph(int g) => (glyfAt + Loca(g), Loca(g + 1) - Loca(g));

        var newId = new Dictionary<int, int>(order.Count);
        for (var i = 0; i < order.Count; i++) newId[order[i]] = i;
        var glyfLength = 0;
        for (var i = 0; i < order.Count; i++) // the list grows while a composite's components are appended
        {
            var glyph = Glyph(order[i]);
            glyfLength += (Math.Max(glyph.Length, 0) + 3) & ~3;
            foreach (var (_, component) in Components(face, glyph))
                if (newId.TryAdd(component, order.Count)) order.Add(component);
        }

        // glyf (each glyph copied once, 4-byte aligned) and loca.
        var glyf = new byte[glyfLength];
        var loca = new byte[4 * (order.Count + 1)];
        var at = 0;
        for (var i = 0; i < order.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * i), (uint)at);
            var (start, length) = Glyph(order[i]);
            if (length <= 0) continue;
            face.AsSpan(start, length).CopyTo(glyf.AsSpan(at));
            foreach (var (componentAt, component) in Components(face, (start, length)))
                BinaryPrimitives.WriteUInt16BigEndian(glyf.AsSpan(at + componentAt - start), (ushort)newId[component]);
            at += (length + 3) & ~3;
        }
        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * order.Count), (uint)at);

        // hmtx: a full metric (advance, left side bearing) for every glyph.
        var hmtx = new byte[4 * order.Count];
        var lastAdvance = TrueTypeFace.U16(face, hmtxAt + 4 * (oldMetrics - 1));
        for (var i = 0; i < order.Count; i++)
        {
            var g = order[i];
            var advance = g < oldMetrics ? TrueTypeFace.U16(face, hmtxAt + 4 * g) : lastAdvance;
            var lsb = g < oldMetrics ? TrueTypeFace.U16(face, hmtxAt + 4 * g + 2) : TrueTypeFace.U16(face, hmtxAt + 4 * oldMetrics + 2 * (g - oldMetrics));
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * i), advance);
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * i + 2), lsb);
        }

        var head = Copy(face, tables["head"]);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment: not checked by PDF readers
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca
        var hhea = Copy(face, tables["hhea"]);
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)order.Count);
        var maxp = Copy(face, (maxpAt, maxpLength));
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)order.Count);
        return (new Dictionary<string, byte[]>
        {
            ["glyf"] = glyf,
            ["head"] = head,
            ["hhea"] = hhea,
            ["hmtx"] = hmtx,
            ["loca"] = loca,
            ["maxp"] = maxp,
        }, newId);
    }

    /// <summary>The (offset of the glyph index, old glyph index) of each component of a composite glyph; none for a simple one.</summary>
    private static IReadOnlyList<(int At, int Glyph)> Components(byte[] face, (int Start, int Length) glyph)
    {
        if (glyph.Length <= 0 || TrueTypeFace.S16(face, glyph.Start) >= 0) return [];
        var result = new List<(int, int)>();
        var at = glyph.Start + 10;
        ushort flags;
        do
        {
            flags = TrueTypeFace.U16(face, at);
            result.Add((at + 2, TrueTypeFace.U16(face, at + 2)));
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            if ((flags & 0x0008) != 0) at += 2;
            else if ((flags & 0x0040) != 0) at += 4;
            else if ((flags & 0x0080) != 0) at += 8;
        }
        while ((flags & 0x0020) != 0);
        return result;
    }

    /// <summary>An English (3, 1, 0x409) name of the face, or null.</summary>
    private static string? ReadName(byte[] face, int table, int nameId)
    {
        var count = TrueTypeFace.U16(face, table + 2);
        var strings = table + TrueTypeFace.U16(face, table + 4);
        for (var i = 0; i < count; i++)
        {
            var rec = table + 6 + 12 * i;
            if (TrueTypeFace.U16(face, rec) == 3 && TrueTypeFace.U16(face, rec + 4) == 0x0409 && TrueTypeFace.U16(face, rec + 6) == nameId)
                return Encoding.BigEndianUnicode.GetString(face, strings + TrueTypeFace.U16(face, rec + 10), TrueTypeFace.U16(face, rec + 8));
        }
        return null;
    }

    /// <summary>
    /// A name table of its own (family "… Compact"): PDFsharp caches a parsed face under its full name, so the cut must not
    /// share the whole face's name.
    /// </summary>
    private static byte[] Names(string family)
    {
        var postScript = new string(family.Where(char.IsAsciiLetterOrDigit).ToArray()) + "-Compact";
        var names = new (int Id, string Text)[] { (1, family + " Compact"), (2, "Regular"), (4, family + " Compact"), (6, postScript) };
        var strings = names.Select(n => Encoding.BigEndianUnicode.GetBytes(n.Text)).ToArray();
        var header = 6 + 12 * names.Length;
        var output = new byte[header + strings.Sum(b => b.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(2), (ushort)names.Length);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(4), (ushort)header);
        var offset = 0;
        for (var i = 0; i < names.Length; i++)
        {
            var rec = output.AsSpan(6 + 12 * i);
            BinaryPrimitives.WriteUInt16BigEndian(rec, 3);
            BinaryPrimitives.WriteUInt16BigEndian(rec[2..], 1);
            BinaryPrimitives.WriteUInt16BigEndian(rec[4..], 0x0409);
            BinaryPrimitives.WriteUInt16BigEndian(rec[6..], (ushort)names[i].Id);
            BinaryPrimitives.WriteUInt16BigEndian(rec[8..], (ushort)strings[i].Length);
            BinaryPrimitives.WriteUInt16BigEndian(rec[10..], (ushort)offset);
            strings[i].CopyTo(output, header + offset);
            offset += strings[i].Length;
        }
        return output;
    }

    private static byte[] Copy(byte[] face, (int Offset, int Length) table) => face.AsSpan(table.Offset, table.Length).ToArray();

    /// <summary>
    /// A (3,1) format 4 cmap. Characters close together share one segment (missing ones map to glyph 0): PDFsharp looks a
    /// character up by walking the segments, so few segments keep every lookup short.
    /// </summary>
    private static byte[] Cmap(int[] chars, Func<int, int> glyph)
    {
        const int MaxGap = 64;
        var segments = new List<(int Start, int End)>();
        foreach (var c in chars)
        {
            if (segments.Count > 0 && c - segments[^1].End <= MaxGap) segments[^1] = (segments[^1].Start, c);
            else segments.Add((c, c));
        }
        segments.Add((0xFFFF, 0xFFFF));
        var present = chars.ToDictionary(c => c, glyph);
        var segCount = segments.Count;
        var glyphIds = new List<ushort>();
        var body = new MemoryStream();
        void U16(int v) { body.WriteByte((byte)(v >> 8)); body.WriteByte((byte)v); }

        var searchRange = 2 * (1 << (int)Math.Floor(Math.Log2(segCount)));
        U16(4); U16(0); U16(0); // format, length (patched below), language
        U16(2 * segCount); U16(searchRange); U16((int)Math.Log2(searchRange / 2)); U16(2 * segCount - searchRange);
        foreach (var s in segments) U16(s.End);
        U16(0);
        foreach (var s in segments) U16(s.Start);
        foreach (var s in segments) U16(s.Start == 0xFFFF ? 1 : 0); // idDelta
        for (var i = 0; i < segCount; i++)
        {
            var (start, end) = segments[i];
            if (start == 0xFFFF) { U16(0); continue; }
            // idRangeOffset: from this entry to the segment's first glyph id.
            U16(2 * (segCount - i) + 2 * glyphIds.Count);
            for (var c = start; c <= end; c++) glyphIds.Add((ushort)(present.TryGetValue(c, out var g) ? g : 0));
        }
        foreach (var g in glyphIds) U16(g);
        var subtable = body.ToArray();
        if (subtable.Length > 0xFFFF) throw new InvalidOperationException("The compact face's character map is too large.");
        BinaryPrimitives.WriteUInt16BigEndian(subtable.AsSpan(2), (ushort)subtable.Length);

        var cmap = new byte[4 + 8 + subtable.Length];
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(2), 1); // one encoding record
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(8), 12);
        subtable.CopyTo(cmap, 12);
        return cmap;
    }

    /// <summary>An sfnt file: the table directory in tag order, each table 4-byte aligned, with its checksum.</summary>
    private static byte[] Write(Dictionary<string, byte[]> tables)
    {
        var output = new byte[SfntLength(tables)];
        using var stream = new MemoryStream(output);
        WriteSfnt(tables, stream);
        return output;
    }

    internal static int SfntLength(Dictionary<string, byte[]> tables) => 12 + tables.Values.Sum(t => 16 + ((t.Length + 3) & ~3));

    /// <summary>Writes the sfnt file of <paramref name="tables"/> to <paramref name="output"/> (a compressor, say) without building it in memory first.</summary>
    internal static void WriteSfnt(Dictionary<string, byte[]> tables, Stream output)
    {
        var tags = tables.Keys.Order(StringComparer.Ordinal).ToArray();
        var header = new byte[12 + 16 * tags.Length];
        var entrySelector = (int)Math.Floor(Math.Log2(tags.Length));
        var searchRange = 16 * (1 << entrySelector);
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)tags.Length);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(16 * tags.Length - searchRange));
        var next = header.Length;
        for (var i = 0; i < tags.Length; i++)
        {
            var data = tables[tags[i]];
            var record = header.AsSpan(12 + 16 * i);
            Encoding.ASCII.GetBytes(tags[i], record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)next);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            next += (data.Length + 3) & ~3;
        }
        output.Write(header);
        ReadOnlySpan<byte> padding = [0, 0, 0];
        foreach (var tag in tags)
        {
            output.Write(tables[tag]);
            output.Write(padding[..((4 - tables[tag].Length % 4) % 4)]);
        }
    }

    /// <summary>The table checksum: the sum of its big-endian 32-bit words, the last one padded with zeros.</summary>
    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 3 < data.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        for (var shift = 24; i < data.Length; i++, shift -= 8) sum += (uint)data[i] << shift;
        return sum;
    }
}
