using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Agreements.Signatures;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>
/// The agreement's text as our own text layer writes it (decision 045): one embedded subset of the compact face, read back
/// by poppler (pdftotext, pdffonts, pdftoppm) and PdfPig as a reader would, its font program checked glyph by glyph.
/// </summary>
public sealed partial class AgreementTextLayerTests
{
    private static byte[] Render(AgreementDocument doc) => AgreementPdf.Render(doc, AgreementSamples.Fonts, AgreementSamples.BaseUrl);

    private static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static async Task<string> PopplerAsync(string tool, byte[] pdf, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{tool}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var (exit, output) = await PdfTools.RunAsync("/usr/bin/" + tool, [.. args, file, .. tool == "pdftotext" ? new[] { "-" } : []]);
            Assert.True(exit == 0, output);
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Page 1 through pdftoppm at 100 dpi; poppler must have nothing to complain about (a broken font program or CMap shows on stderr).</summary>
    private static async Task<string> RenderWithoutErrorsAsync(byte[] pdf, string name)
    {
        var input = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        var output = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}");
        try
        {
            var (exit, messages) = await PdfTools.RunAsync("/usr/bin/pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", input, output);
            Assert.True(exit == 0, messages);
            Assert.Equal("", messages.Trim());
            return output + ".png";
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public async Task Every_clause_reads_back_exactly_through_pdftotext_and_pdfpig()
    {
        var doc = AgreementSamples.Document(studentName: "王小明");
        var pdf = Render(doc);
        var poppler = Squeeze(await PopplerAsync("pdftotext", pdf));
        var pdfPig = AgreementPdfTests.Text(pdf);

        foreach (var clause in AgreementClauses.For(doc.Terms).Prepend(AgreementClauses.Preamble))
        {
            Assert.Contains(Squeeze(clause), poppler, StringComparison.Ordinal);
            Assert.Contains(Squeeze(clause), pdfPig, StringComparison.Ordinal);
        }
        Assert.Contains("湖北省高校毕业生就业协议书（2027届）", poppler, StringComparison.Ordinal);
        Assert.Contains("第1页共1页", poppler, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typical_agreement_embeds_one_subset_font_with_a_unicode_map_and_renders_without_errors()
    {
        var pdf = Render(AgreementSamples.Document(studentName: "王小明"));

        var fonts = (await PopplerAsync("pdffonts", pdf)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        var font = Assert.Single(fonts);
        // name, type "CID TrueType", encoding Identity-H, embedded, subset, ToUnicode: yes yes yes
        Assert.Matches(@"^[A-Z]{6}\+WllmSignText\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s", font);

        var png = await RenderWithoutErrorsAsync(pdf, "agreement-text-layer");
        using var image = Image.Load<Rgb24>(png);
        // The title (18 pt bold, centred, 46 pt from the top) is drawn: dark pixels in its band at 100 dpi.
        var dark = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 64; y < 64 + 25; y++)
                foreach (var p in rows.GetRowSpan(y))
                    if (p.R + p.G + p.B < 200) dark++;
        });
        Assert.True(dark > 500, $"{dark} dark pixels in the title's band");
        File.Delete(png);
    }

    [Fact]
    public async Task Rare_characters_still_draw_and_read_back_beside_our_text()
    {
        // 喆 is in the whole main face only, 𠮷 (outside the BMP) in the fallback face: both stay PDFsharp's, beside our text.
        var pdf = Render(AgreementSamples.Document(studentName: "王喆𠮷"));

        Assert.Contains("王喆𠮷", Squeeze(await PopplerAsync("pdftotext", pdf)), StringComparison.Ordinal);
        Assert.Contains("王喆𠮷", AgreementPdfTests.Text(pdf), StringComparison.Ordinal);
        var fonts = await PopplerAsync("pdffonts", pdf);
        Assert.Contains("WllmSignText", fonts, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(fonts, @"CID TrueType\s+Identity-H\s+yes\s+yes\s+yes").Count);
        File.Delete(await RenderWithoutErrorsAsync(pdf, "agreement-text-layer-rare"));
    }

    [Fact]
    public async Task Signed_agreement_draws_the_seals_text_with_the_same_single_embedded_font()
    {
        var (signer, ca, _) = DemoCertificates.LoadOrCreate(PortalFactory.TestSigning.Folder, TimeProvider.System);
        var signature = new AgreementSignature(new AllianceCmsSigner(signer, ca, new DateTimeOffset(2026, 11, 27, 2, 30, 0, TimeSpan.Zero)));
        var pdf = AgreementPdf.Render(AgreementSamples.Document(studentName: "王小明"), AgreementSamples.Fonts, AgreementSamples.BaseUrl, signature);

        var fonts = (await PopplerAsync("pdffonts", pdf)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Matches(@"^[A-Z]{6}\+WllmSignText\s", Assert.Single(fonts)); // the seal does not embed the face a second time
        var text = Squeeze(await PopplerAsync("pdftotext", pdf));
        Assert.Contains(SchoolSeal.SealText, text, StringComparison.Ordinal);
        Assert.Contains("湖北高校就业网络联盟电子签名", text, StringComparison.Ordinal);
        File.Delete(await RenderWithoutErrorsAsync(pdf, "agreement-text-layer-signed"));
    }

    [Fact]
    public void Embedded_font_program_is_a_valid_subset_whose_every_glyph_is_the_faces_glyph_for_its_character()
    {
        var pdf = Render(AgreementSamples.Document(studentName: "王小明"));
        using var input = new MemoryStream(pdf);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Import);
        var type0 = document.Internals.GetAllObjects().OfType<PdfDictionary>()
            .Single(d => d.Elements.GetName("/Subtype") == "/Type0" && d.Elements.GetName("/BaseFont").EndsWith("+WllmSignText", StringComparison.Ordinal));
        var cidFont = ((PdfArray)type0.Elements.GetObject("/DescendantFonts")!).Elements.GetDictionary(0)!;
        Assert.Equal("/Identity", cidFont.Elements.GetName("/CIDToGIDMap"));
        var file = cidFont.Elements.GetDictionary("/FontDescriptor")!.Elements.GetDictionary("/FontFile2")!;
        var program = file.Stream.UnfilteredValue;
        Assert.Equal(file.Elements.GetInteger("/Length1"), program.Length);

        // Every CID the ToUnicode map names, and the character it stands for.
        var toUnicode = Encoding.ASCII.GetString(type0.Elements.GetDictionary("/ToUnicode")!.Stream.UnfilteredValue);
        var mappings = string.Concat(BfCharBlock().Matches(toUnicode).Select(m => m.Value));
        var characters = BfChar().Matches(mappings).ToDictionary(
            m => int.Parse(m.Groups["cid"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            m => char.ConvertToUtf32(Convert.FromHexString(m.Groups["utf16"].Value) is var b ? Encoding.BigEndianUnicode.GetString(b) : "", 0));
        var clauses = AgreementClauses.For(AgreementSamples.Document().Terms);
        foreach (var c in string.Concat(clauses).Where(c => !char.IsWhiteSpace(c)).Distinct())
            Assert.Contains((int)c, characters.Values);

        // The subset: a TrueType file whose tables agree with each other, and whose glyph for each CID is the compact face's
        // glyph for that character, byte for byte (these simple glyphs have no components to renumber).
        Assert.Equal(0x00010000, TrueTypeFace.U32(program, 0));
        var tables = TrueTypeFace.Tables(program, 0);
        Assert.Subset(tables.Keys.ToHashSet(), new HashSet<string> { "glyf", "head", "hhea", "hmtx", "loca", "maxp" });
        var count = TrueTypeFace.U16(program, tables["maxp"].Offset + 4);
        Assert.Equal(count, TrueTypeFace.U16(program, tables["hhea"].Offset + 34));
        Assert.Equal(4 * (count + 1), tables["loca"].Length);
        Assert.Equal(Enumerable.Range(1, characters.Count), characters.Keys.Order()); // CIDs 1…n in the order first drawn
        Assert.True(count > characters.Count, $"{count} glyphs for {characters.Count} CIDs and .notdef");
        var face = AgreementSamples.Fonts.Embedded;
        var compact = face.Bytes;
        var compactTables = TrueTypeFace.Tables(compact, 0);
        foreach (var (cid, codePoint) in characters)
        {
            var ours = Glyph(program, tables, cid, longLoca: true);
            var theirs = Glyph(compact, compactTables, face.GlyphOf(codePoint), longLoca: TrueTypeFace.S16(compact, compactTables["head"].Offset + 50) != 0);
            Assert.True(ours.SequenceEqual(theirs), $"the glyph of {char.ConvertFromUtf32(codePoint)} (CID {cid})");
            Assert.Equal(TrueTypeFace.U16(compact, compactTables["hmtx"].Offset + 4 * face.GlyphOf(codePoint)),
                TrueTypeFace.U16(program, tables["hmtx"].Offset + 4 * cid));
        }
    }

    private static byte[] Glyph(byte[] font, Dictionary<string, (int Offset, int Length)> tables, int glyph, bool longLoca)
    {
        var loca = tables["loca"].Offset;
        int At(int g) => longLoca ? TrueTypeFace.U32(font, loca + 4 * g) : 2 * TrueTypeFace.U16(font, loca + 2 * g);
        var start = At(glyph);
        return font.AsSpan(tables["glyf"].Offset + start, At(glyph + 1) - start).ToArray();
    }

    [GeneratedRegex(@"beginbfchar.*?endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfCharBlock();

    [GeneratedRegex("<(?<cid>[0-9A-F]{4})> <(?<utf16>[0-9A-F]{4,8})>")]
    private static partial Regex BfChar();
}
