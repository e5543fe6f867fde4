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
}
