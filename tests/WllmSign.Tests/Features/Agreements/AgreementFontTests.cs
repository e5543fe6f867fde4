using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Tests.Features.Agreements;

public sealed class AgreementFontTests
{
    [Fact]
    public void Missing_font_file_is_refused_naming_the_setting_to_fix()
    {
        var ex = Assert.Throws<AgreementFontUnavailableException>(() => FontSet.Load(new AgreementOptions { FontPath = "/nonexistent/no-such-font.ttc" }));
        Assert.Contains("Agreements:FontPath", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/no-such-font.ttc", ex.Message, StringComparison.Ordinal);
        Assert.Equal("服务器未安装中文字体，暂时无法生成协议书，请联系管理员", AgreementFontUnavailableException.UserMessage);
    }

    [Fact]
    public void Font_without_chinese_glyphs_is_refused_rather_than_printing_empty_boxes()
    {
        const string latinOnly = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        Assert.True(File.Exists(latinOnly), "Debian's fonts-dejavu-core is part of the base image");
        var ex = Assert.Throws<AgreementFontUnavailableException>(() => FontSet.Load(new AgreementOptions { FontPath = latinOnly }));
        Assert.Contains("缺少常用汉字", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collection_face_is_cut_out_and_covers_chinese_and_rare_characters_come_from_the_fallback()
    {
        var face = TrueTypeFace.TryLoad("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", out var why);
        Assert.True(face is not null, why);
        Assert.Equal("\0\u0001\0\0", System.Text.Encoding.Latin1.GetString(face.Bytes, 0, 4)); // a single TrueType font, not "ttcf"
        Assert.True(face.Covers('协'));
        Assert.True(face.Covers('〇'));
        Assert.False(face.Covers(0x20BB7));
        Assert.True(AgreementSamples.Fonts.UsesFallback(0x20BB7));
        Assert.False(AgreementSamples.Fonts.UsesFallback('协'));
    }

    [Fact]
    public void Compact_cut_measures_every_character_as_the_whole_face_does()
    {
        var fonts = AgreementSamples.Fonts;
        var options = new PdfSharp.Drawing.XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode, PdfSharp.Pdf.PdfFontEmbedding.TryComputeSubset);
        var text = string.Concat(AgreementClauses.For(AgreementSamples.Document().Terms)) + "ABCxyz0123456789@.-（）：；“”、。";
        foreach (var bold in new[] { false, true })
        {
            var style = bold ? PdfSharp.Drawing.XFontStyleEx.Bold : PdfSharp.Drawing.XFontStyleEx.Regular;
            var compact = new PdfSharp.Drawing.XFont(fonts.Family, 10, style, options);
            var whole = new PdfSharp.Drawing.XFont(fonts.FullFamily, 10, style, options);
            Assert.Equal(whole.GetHeight(), compact.GetHeight(), 6);
            foreach (var c in text.Distinct())
            {
                Assert.Equal(FontFace.Compact, fonts.FaceOf(c));
                using var page = new PdfSharp.Pdf.PdfDocument();
                using var gfx = PdfSharp.Drawing.XGraphics.FromPdfPage(page.AddPage());
                Assert.Equal(gfx.MeasureString(c.ToString(), whole).Width, gfx.MeasureString(c.ToString(), compact).Width, 6);
            }
        }
    }

    [Fact]
    public void Character_outside_the_compact_cut_is_drawn_from_the_whole_main_face_and_reads_back()
    {
        Assert.Equal(FontFace.Full, AgreementSamples.Fonts.FaceOf('喆')); // in WenQuanYi Zen Hei, not in GB 2312
        Assert.Equal(FontFace.Fallback, AgreementSamples.Fonts.FaceOf(0x20BB7));
        var pdf = AgreementPdf.Render(AgreementSamples.Document(studentName: "王喆"), AgreementSamples.Fonts, AgreementSamples.BaseUrl);
        Assert.Contains("王喆", AgreementPdfTests.Text(pdf), StringComparison.Ordinal);
        Assert.True(pdf.Length <= 150 * 1024, $"{pdf.Length} bytes");
    }
}
