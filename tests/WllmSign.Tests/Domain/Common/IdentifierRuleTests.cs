using WllmSign.Domain.Common;

namespace WllmSign.Tests.Domain.Common;

/// <summary>Rule 12 of docs/rules.md: identifiers are checked with their standards' check characters, ID numbers masked in lists.</summary>
public sealed class IdentifierRuleTests
{
    private const string IdCheckChars = "0123456789X";
    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    [Theory]
    [InlineData("11010519491231002")] // GB 11643's own example: check X
    [InlineData("42010620030115001")]
    public void Rule12_an_id_number_is_accepted_with_its_GB11643_check_digit_only(string first17)
    {
        var check = IdNumber.ComputeCheck(first17);
        foreach (var c in IdCheckChars)
            Assert.Equal(c == check, IdNumber.IsValid(first17 + c));
        Assert.Equal('X', IdNumber.ComputeCheck("11010519491231002"));
    }

    [Theory]
    [InlineData("91310113691577027")] // the manual's demo employer: check 6
    [InlineData("91350100M000100Y4")]
    public void Rule12_a_credit_code_is_accepted_with_its_GB32100_check_character_only(string first17)
    {
        var check = CreditCode.ComputeCheck(first17);
        foreach (var c in CodeAlphabet)
            Assert.Equal(c == check, CreditCode.IsValid(first17 + c));
        Assert.Equal('6', CreditCode.ComputeCheck("91310113691577027"));
    }

    [Fact]
    public void Rule12_lists_show_an_id_number_masked_to_its_first_six_and_last_four_characters()
    {
        Assert.Equal("420106********001X", IdNumber.Parse("42010620030115001X").Masked);
        Assert.Equal("420157********3321", IdNumber.Mask("420157199603153321"));
        Assert.Equal("******", IdNumber.Mask(null));
    }
}
