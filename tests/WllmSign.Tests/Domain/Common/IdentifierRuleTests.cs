using WllmSign.Domain.Common;

namespace WllmSign.Tests.Domain.Common;

/// <summary>Rule 12 of docs/rules.md: identifiers are checked with their standards' check characters, ID numbers masked in lists.</summary>
public sealed class IdentifierRuleTests
{
    [Theory]
    [InlineData("GB 11643", "11010519491231002", 'X')] // the standard's own example
    [InlineData("GB 11643", "42010620030115001", 'X')]
    [InlineData("GB 32100", "91310113691577027", '6')] // the manual's demo employer
    [InlineData("GB 32100", "91350100M000100Y4", '3')]
    public void Rule12_an_identifier_is_accepted_with_its_standards_check_character_only(string standard, string first17, char check)
    {
        // ID numbers (GB 11643) end in 0–9 or X; credit codes (GB 32100) in one of 31 characters.
        var (alphabet, compute, isValid) = standard == "GB 11643"
            ? ("0123456789X", (Func<string, char>)(f => IdNumber.ComputeCheck(f)), (Func<string, bool>)IdNumber.IsValid)
            : ("0123456789ABCDEFGHJKLMNPQRTUWXY", f => CreditCode.ComputeCheck(f), CreditCode.IsValid);
        Assert.Equal(check, compute(first17));
        foreach (var c in alphabet)
            Assert.Equal(c == check, isValid(first17 + c));
    }

    [Fact]
    public void Rule12_lists_show_an_id_number_masked_to_its_first_six_and_last_four_characters()
    {
        Assert.Equal("420106********001X", IdNumber.Parse("42010620030115001X").Masked);
        Assert.Equal("420157********3321", IdNumber.Mask("420157199603153321"));
        Assert.Equal("******", IdNumber.Mask(null));
    }
}
