using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>The line breaker with a fixed-width measure: every character 1 wide, so a width of N holds N characters.</summary>
public sealed class ChineseLineBreakerTests
{
    private static List<string> Break(string text, double width) =>
        ChineseLineBreaker.Break(text, width, s => s.EnumerateRunes().Count());

    [Fact]
    public void Chinese_text_breaks_between_any_two_characters()
    {
        Assert.Equal(["湖北省高", "校毕业生", "就业"], Break("湖北省高校毕业生就业", 4));
    }

    [Fact]
    public void No_line_starts_with_closing_punctuation_the_character_before_moves_down_with_it()
    {
        var lines = Break("甲方同意录用乙方。乙方愿意到甲方就业，并按时报到。", 8);
        Assert.All(lines.Skip(1), l => Assert.DoesNotContain(l[0], "，。、；：）」”"));
        Assert.Equal("甲方同意录用乙方。乙方愿意到甲方就业，并按时报到。", string.Concat(lines));
        Assert.All(lines, l => Assert.True(l.Length <= 8, l));
    }

    [Fact]
    public void No_line_ends_with_opening_punctuation()
    {
        var lines = Break("甲方录用乙方工作岗位（软件工程师）", 7);
        Assert.All(lines, l => Assert.DoesNotContain(l[^1], "（「“《"));
        Assert.Equal("甲方录用乙方工作岗位（软件工程师）", string.Concat(lines));
    }

    [Fact]
    public void Ascii_words_and_email_addresses_stay_whole_unless_longer_than_a_line()
    {
        Assert.Equal(["邮箱", "finace@qq.com"], Break("邮箱finace@qq.com", 14));
        var lines = Break("student2027@hbut.edu.cn", 10);
        Assert.Equal("student2027@hbut.edu.cn", string.Concat(lines));
        Assert.All(lines, l => Assert.True(l.Length <= 10, l));
    }

    [Fact]
    public void Rare_characters_outside_the_basic_plane_are_never_split()
    {
        var lines = Break("吉𠮷𠮷𠮷·阿〇", 2);
        Assert.Equal("吉𠮷𠮷𠮷·阿〇", string.Concat(lines));
        Assert.All(lines, l => Assert.False(char.IsHighSurrogate(l[^1]), l));
    }

    [Fact]
    public void Hard_line_breaks_are_kept_and_empty_text_is_one_empty_line()
    {
        Assert.Equal(["甲方", "乙方"], Break("甲方\n乙方", 10));
        Assert.Equal([""], Break("", 10));
    }
}
