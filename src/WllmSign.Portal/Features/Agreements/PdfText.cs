using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// The compact cut of the main face as the agreement's text layer embeds it (decision 045): its glyphs, advance widths and
/// the metrics of its font descriptor, read once per process. Immutable: shared by every thread.
/// </summary>
internal sealed class EmbeddedFace
{
    private readonly TrueTypeFace face;
    private readonly ushort[] advances;

    public EmbeddedFace(TrueTypeFace face)
    {
        this.face = face;
        var b = face.Bytes;
        var tables = TrueTypeFace.Tables(b, 0);
        var head = tables["head"].Offset;
        var hhea = tables["hhea"].Offset;
        var hmtx = tables["hmtx"].Offset;
        UnitsPerEm = TrueTypeFace.U16(b, head + 18);
        BoundingBox = [Scaled(TrueTypeFace.S16(b, head + 36)), Scaled(TrueTypeFace.S16(b, head + 38)),
            Scaled(TrueTypeFace.S16(b, head + 40)), Scaled(TrueTypeFace.S16(b, head + 42))];
        Ascent = Scaled(TrueTypeFace.S16(b, hhea + 4));
        Descent = Scaled(TrueTypeFace.S16(b, hhea + 6));
        var os2 = tables.TryGetValue("OS/2", out var t) && TrueTypeFace.U16(b, t.Offset) >= 2 ? t.Offset : -1;
        CapHeight = os2 >= 0 ? Scaled(TrueTypeFace.S16(b, os2 + 88)) : Ascent;
        var metrics = TrueTypeFace.U16(b, hhea + 34);
        advances = new ushort[TrueTypeFace.U16(b, tables["maxp"].Offset + 4)];
        for (var g = 0; g < advances.Length; g++) advances[g] = TrueTypeFace.U16(b, hmtx + 4 * Math.Min(g, metrics - 1));
    }

    public byte[] Bytes => face.Bytes;
    public int UnitsPerEm { get; }
    public int Ascent { get; }
    public int Descent { get; }
    public int CapHeight { get; }
    public int[] BoundingBox { get; }

    public int GlyphOf(int codePoint) => face.GlyphOf(codePoint);

    /// <summary>The advance width in thousandths of the font size, truncated as PDFsharp writes /W (the same look as before).</summary>
    public int Width(int glyph) => advances[glyph] * 1000 / UnitsPerEm;

    private int Scaled(int units) => (int)Math.Round(units * 1000.0 / UnitsPerEm, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The agreement's text in the compact face, written by us rather than by PDFsharp (decision 045): text operators straight into
/// the content PDFsharp is building (so the order of drawing, the z-order, stays as drawn), and at the end one Type 0 font
/// (Identity-H) of our own: its CIDFontType2 with /W, the font descriptor with our subset of the face as /FontFile2, and a
/// /ToUnicode map. A glyph's CID is the order in which the document first drew it; the subset numbers its glyphs the same
/// way (/CIDToGIDMap /Identity). Places text as PDFsharp's <c>DrawString</c> with <c>XStringFormats.TopLeft</c> did:
/// the same baseline (PDFsharp's cell ascent), widths truncated as PDFsharp's /W, simulated bold as PDFsharp writes it
/// (text render mode 2, line width and character spacing of 2% of the size).
/// </summary>
internal sealed class PdfText(PdfDocument pdf, EmbeddedFace face)
{
    private const string FontName = "/WllmText";
    private readonly List<int> glyphs = [0];           // CID → glyph of the compact face
    private readonly List<int> codePoints = [0];       // CID → the character first drawn with it
    private readonly Dictionary<int, int> cidOf = [];  // glyph of the compact face → CID
    private readonly Dictionary<byte, PdfDictionary> alphas = [];
    private PdfDictionary? font;
    private PdfPage? page;

    /// <summary>Draws <paramref name="text"/> (characters of the compact face) in black with its top left corner at (x, top), in PDFsharp's top-down page coordinates.</summary>
    public void Show(XGraphics gfx, string text, XFont style, double x, double top) => Show(gfx, text, style, x, top, XColors.Black, XMatrix.Identity);

    /// <summary>
    /// Draws <paramref name="text"/> in <paramref name="color"/> (its alpha too), at (x, top) of a coordinate system that
    /// <paramref name="transform"/> maps onto the page's top-down coordinates (as PDFsharp's TranslateTransform and
    /// RotateTransform would; the seal's rotated characters).
    /// </summary>
    public void Show(XGraphics gfx, string text, XFont style, double x, double top, XColor color, XMatrix transform)
    {
        font ??= Indirect(new PdfDictionary(pdf));
        var current = gfx.PdfPage ?? throw new InvalidOperationException("Text is drawn on a PDF page.");
        if (!ReferenceEquals(page, current))
        {
            page = current;
            var fonts = (PdfDictionary)current.Resources.Elements.GetValue("/Font", VCF.Create)!;
            fonts.Elements[FontName] = font.Reference!;
        }
        var size = style.Size;
        var content = gfx.Internals.ContentStringBuilder ?? throw new InvalidOperationException("PDFsharp draws no PDF content here.");
        var inv = CultureInfo.InvariantCulture;
        var (r, g, b) = (color.R / 255.0, color.G / 255.0, color.B / 255.0);
        content.Append(inv, $"q\nBT\n{r:0.####} {g:0.####} {b:0.####} rg {r:0.####} {g:0.####} {b:0.####} RG\n");
        if (color.A < 1) content.Append(inv, $"{Alpha(current, (byte)Math.Round(color.A * 255))} gs\n");
        if (style.Bold) content.Append(inv, $"{size * 0.02:0.####} w 2 Tr {size * 0.02:0.####} Tc\n");
        content.Append(inv, $"{FontName} {size:0.####} Tf\n");
        // The baseline of PDFsharp's XStringFormats.TopLeft: the font's cell ascent below the top.
        var baseline = top + style.GetHeight() * style.CellAscent / style.CellSpace;
        var height = current.Height.Point;
        if (transform.IsIdentity) content.Append(inv, $"{x:0.####} {height - baseline:0.####} Td\n<");
        else
        {
            // The text matrix in PDF's bottom-up coordinates: the transformed writing direction, up (top-down y) and origin.
            var origin = transform.Transform(new XPoint(x, baseline));
            var along = transform.Transform(new XPoint(x + 1, baseline)) - origin;
            var up = transform.Transform(new XPoint(x, baseline - 1)) - origin;
            content.Append(inv, $"{along.X:0.#######} {-along.Y:0.#######} {up.X:0.#######} {-up.Y:0.#######} {origin.X:0.####} {height - origin.Y:0.####} Tm\n<");
        }
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = face.GlyphOf(rune.Value);
            if (!cidOf.TryGetValue(glyph, out var cid))
            {
                cid = glyphs.Count;
                cidOf[glyph] = cid;
                glyphs.Add(glyph);
                codePoints.Add(rune.Value);
            }
            content.Append(inv, $"{cid:X4}");
        }
        content.Append("> Tj\nET\nQ\n");
    }

    /// <summary>The name of an ExtGState of this fill and stroke alpha in the page's resources (created once per document).</summary>
    private string Alpha(PdfPage target, byte alpha)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"/WllmAlpha{alpha}");
        if (!alphas.TryGetValue(alpha, out var state))
        {
            state = Indirect(new PdfDictionary(pdf));
            state.Elements["/Type"] = new PdfName("/ExtGState");
            state.Elements["/ca"] = new PdfReal(alpha / 255.0);
            state.Elements["/CA"] = new PdfReal(alpha / 255.0);
            alphas[alpha] = state;
        }
        var states = (PdfDictionary)target.Resources.Elements.GetValue("/ExtGState", VCF.Create)!;
        states.Elements[name] = state.Reference!;
        return name;
    }

    /// <summary>
    /// Writes the font objects; call once, after the last <see cref="Show"/> and before the document is saved. The font program
    /// is compressed at <paramref name="level"/>: the fastest for a typical agreement (decision 045), smaller for a rare one.
    /// </summary>
    public void Embed(CompressionLevel level = CompressionLevel.Fastest)
    {
        if (font is null) return;
        var program = CompactFace.Subset(face.Bytes, [.. glyphs]);
        var length = CompactFace.SfntLength(program);
        var baseFont = new PdfName("/" + SubsetTag() + "+WllmSignText");

        var file = Indirect(Stream(length, level, output => CompactFace.WriteSfnt(program, output)));
        file.Elements["/Length1"] = new PdfInteger(length);
        var descriptor = Indirect(new PdfDictionary(pdf));
        var d = descriptor.Elements;
        d["/Type"] = new PdfName("/FontDescriptor");
        d["/FontName"] = baseFont;
        d["/Flags"] = new PdfInteger(32); // nonsymbolic, as PDFsharp wrote it
        d["/FontBBox"] = Array(face.BoundingBox.Select(v => (PdfItem)new PdfInteger(v)));
        d["/ItalicAngle"] = new PdfInteger(0);
        d["/Ascent"] = new PdfInteger(face.Ascent);
        d["/Descent"] = new PdfInteger(face.Descent);
        d["/CapHeight"] = new PdfInteger(face.CapHeight);
        d["/StemV"] = new PdfInteger(0);
        d["/FontFile2"] = file.Reference!;

        var cidFont = Indirect(new PdfDictionary(pdf));
        var c = cidFont.Elements;
        c["/Type"] = new PdfName("/Font");
        c["/Subtype"] = new PdfName("/CIDFontType2");
        c["/BaseFont"] = baseFont;
        var system = new PdfDictionary(pdf);
        system.Elements["/Registry"] = new PdfString("Adobe");
        system.Elements["/Ordering"] = new PdfString("Identity");
        system.Elements["/Supplement"] = new PdfInteger(0);
        c["/CIDSystemInfo"] = system;
        c["/FontDescriptor"] = descriptor.Reference!;
        c["/DW"] = new PdfInteger(1000);
        c["/W"] = Widths();
        c["/CIDToGIDMap"] = new PdfName("/Identity");

        var f = font.Elements;
        f["/Type"] = new PdfName("/Font");
        f["/Subtype"] = new PdfName("/Type0");
        f["/BaseFont"] = baseFont;
        f["/Encoding"] = new PdfName("/Identity-H");
        f["/DescendantFonts"] = Array([cidFont.Reference!]);
        var cmap = Encoding.ASCII.GetBytes(ToUnicode());
        f["/ToUnicode"] = Indirect(Stream(cmap.Length, level, output => output.Write(cmap))).Reference!;
    }

    /// <summary>/W: each run of consecutive CIDs whose width is not the default 1000, as <c>first [w w …]</c>.</summary>
    private PdfArray Widths()
    {
        var w = new PdfArray(pdf);
        PdfArray? run = null;
        for (var cid = 1; cid < glyphs.Count; cid++)
        {
            var width = face.Width(glyphs[cid]);
            if (width == 1000) { run = null; continue; }
            if (run is null)
            {
                run = new PdfArray(pdf);
                w.Elements.Add(new PdfInteger(cid));
                w.Elements.Add(run);
            }
            run.Elements.Add(new PdfInteger(width));
        }
        return w;
    }

    /// <summary>The /ToUnicode CMap: every CID to the character (UTF-16, surrogate pairs included) it was first drawn for.</summary>
    private string ToUnicode()
    {
        var inv = CultureInfo.InvariantCulture;
        var cmap = new StringBuilder(64 + 20 * glyphs.Count);
        cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        Span<char> utf16 = stackalloc char[2];
        for (var first = 1; first < glyphs.Count; first += 100)
        {
            var count = Math.Min(100, glyphs.Count - first);
            cmap.Append(inv, $"{count} beginbfchar\n");
            for (var cid = first; cid < first + count; cid++)
            {
                var length = new Rune(codePoints[cid]).EncodeToUtf16(utf16);
                cmap.Append(inv, $"<{cid:X4}> <{(int)utf16[0]:X4}");
                if (length == 2) cmap.Append(inv, $"{(int)utf16[1]:X4}");
                cmap.Append(">\n");
            }
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.ToString();
    }

    /// <summary>Six capital letters naming this subset (ISO 32000-1, 9.6.4), derived from its glyphs: the same document, the same tag.</summary>
    private string SubsetTag()
    {
        var hash = 2166136261u;
        foreach (var g in glyphs) hash = (hash ^ (uint)g) * 16777619u;
        return string.Create(6, hash, (chars, h) =>
        {
            for (var i = 0; i < chars.Length; i++, h /= 26) chars[i] = (char)('A' + h % 26);
        });
    }

    /// <summary>
    /// A stream object holding the <paramref name="length"/> bytes <paramref name="write"/> writes, Flate-compressed (zlib, as
    /// /FlateDecode reads it) into a pooled buffer: the only array allocated is the compressed stream itself.
    /// </summary>
    private PdfDictionary Stream(int length, CompressionLevel level, Action<Stream> write)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length + length / 16 + 1024); // zlib's worst case is far less
        try
        {
            using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
            using (var zlib = new ZLibStream(output, level, leaveOpen: true)) write(zlib);
            var dict = new PdfDictionary(pdf);
            dict.CreateStream(buffer.AsSpan(0, (int)output.Position).ToArray());
            dict.Elements["/Filter"] = new PdfName("/FlateDecode");
            return dict;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private PdfArray Array(IEnumerable<PdfItem> items) => new(pdf, [.. items]);

    private PdfDictionary Indirect(PdfDictionary dict)
    {
        pdf.Internals.AddObject(dict);
        return dict;
    }
}
