using WllmSign.Domain.Common;

namespace WllmSign.Tests.Domain.Common;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("913101136915770276")] // the manual's demo employer
    [InlineData("91350100M000100Y43")] // letters in the body and the check position
    [InlineData("91110000100003495Y")]
    public void Valid_codes_are_accepted(string value)
    {
        Assert.True(CreditCode.IsValid(value));
        Assert.Equal(value, CreditCode.Parse(value).Value);
    }

    [Fact]
    public void Lower_case_is_normalised()
    {
        Assert.Equal("91350100M000100Y43", CreditCode.Parse("91350100m000100y43").Value);
    }

    [Theory]
    [InlineData("913101136915770277", "统一社会信用代码校验位错误，请核对")]
    [InlineData("91310113691577027", "统一社会信用代码应为18位")]
    [InlineData("9131011369157702761", "统一社会信用代码应为18位")]
    [InlineData("91310113691577027I", "统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）")]
    [InlineData("9131011369157702O6", "统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）")]
    [InlineData("", "请输入统一社会信用代码")]
    public void Wrong_codes_are_refused_with_the_reason(string value, string message)
    {
        var ex = Assert.Throws<DomainException>(() => CreditCode.Parse(value));
        Assert.Equal(message, ex.Message);
    }
}
