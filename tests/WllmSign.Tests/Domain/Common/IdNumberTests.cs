using WllmSign.Domain.Common;

namespace WllmSign.Tests.Domain.Common;

public sealed class IdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")] // the GB 11643 standard's own example
    [InlineData("42010620030115001X")]
    [InlineData("11010519491231002x")] // lower-case x is accepted and normalised
    public void Valid_numbers_are_accepted(string value)
    {
        var id = IdNumber.Parse(value);
        Assert.Equal(value.ToUpperInvariant(), id.Value);
        Assert.True(IdNumber.IsValid(value));
    }

    [Theory]
    [InlineData("110105194912310021", "身份证号校验位错误，请核对")]
    [InlineData("420157199603153321", "身份证号校验位错误，请核对")] // the manual's sample has a wrong check digit
    [InlineData("11010519491231002", "身份证号应为18位")]
    [InlineData("11010519491231002XX", "身份证号应为18位")]
    [InlineData("1101051949123100AX", "身份证号前17位应为数字")]
    [InlineData("11010519491231002Y", "身份证号最后一位应为数字或X")]
    [InlineData("110105194913310024", "身份证号中的出生日期无效")]
    [InlineData("", "请输入身份证号")]
    [InlineData("０１０１０５１９４９１２３１００２X", "身份证号的地区码无效")] // full-width digits are read as digits (#19); region 0 is still wrong
    public void Wrong_numbers_are_refused_with_the_reason(string value, string message)
    {
        var ex = Assert.Throws<DomainException>(() => IdNumber.Parse(value));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Gender_comes_from_the_seventeenth_digit()
    {
        Assert.Equal("女", IdNumber.Parse("11010519491231002X").Gender);
        Assert.Equal("男", IdNumber.Parse("42010620030115001X").Gender);
    }

    [Fact]
    public void Lists_show_the_number_masked_as_the_manual_does()
    {
        Assert.Equal("420157********3321", IdNumber.Mask("420157199603153321"));
    }

    [Fact]
    public void Check_digit_is_computed_by_GB_11643()
    {
        Assert.Equal('X', IdNumber.ComputeCheck("11010519491231002"));
        Assert.Equal('5', IdNumber.ComputeCheck("42015719960315332"));
    }
}
