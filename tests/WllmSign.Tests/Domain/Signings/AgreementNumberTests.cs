using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;

namespace WllmSign.Tests.Domain.Signings;

public class AgreementNumberTests
{
    [Fact]
    public void Number_is_school_code_year_and_six_digit_sequence()
    {
        var n = AgreementNumber.Create("10486", 2026, 42);
        Assert.Equal("104862026000042", n.Value);
        Assert.Equal(15, n.Value.Length);
        Assert.Equal(("10486", 2026, 42), (n.SchoolCode, n.GraduationYear, n.Sequence));
        Assert.Equal("104862026000042", n.ToString());
    }

    [Fact]
    public void Sequence_starts_at_1_and_counts_up()
    {
        var first = AgreementNumber.First("10486", 2026);
        Assert.Equal("104862026000001", first.Value);
        Assert.Equal("104862026000002", first.Next().Value);
        Assert.Equal("104862026", AgreementNumber.Prefix("10486", 2026));
        Assert.StartsWith(AgreementNumber.Prefix("10486", 2026), first.Next().Next().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_sort_in_issue_order_as_text()
    {
        var numbers = Enumerable.Range(1, 1200).Select(i => AgreementNumber.Create("10486", 2026, i).Value).ToList();
        Assert.Equal(numbers, numbers.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public void The_last_sequence_of_a_year_has_no_next()
    {
        var last = AgreementNumber.Create("10486", 2026, 999_999);
        Assert.Equal("该校本年度的协议书编号已用完，请联系联盟管理员", Assert.Throws<DomainException>(() => last.Next()).Message);
    }

    [Theory]
    [InlineData("1048", 2026, 1, "学校代码应为5位数字，无法生成协议书编号")]
    [InlineData("1048A", 2026, 1, "学校代码应为5位数字，无法生成协议书编号")]
    [InlineData("10486", 1999, 1, "毕业年度无效，无法生成协议书编号")]
    [InlineData("10486", 2026, 0, "协议书编号的序号应为1至999999")]
    [InlineData("10486", 2026, 1_000_000, "协议书编号的序号应为1至999999")]
    public void Create_refuses_invalid_parts(string code, int year, int sequence, string message) =>
        Assert.Equal(message, Assert.Throws<DomainException>(() => AgreementNumber.Create(code, year, sequence)).Message);

    [Fact]
    public void Parse_reads_back_what_Create_wrote()
    {
        var n = AgreementNumber.Create("10511", 2027, 123456);
        Assert.Equal(n, AgreementNumber.Parse(" " + n.Value + " "));
    }

    [Theory]
    [InlineData("", "请输入协议书编号")]
    [InlineData(null, "请输入协议书编号")]
    [InlineData("10486202600001", "协议书编号应为15位数字")]
    [InlineData("1048620260000012", "协议书编号应为15位数字")]
    [InlineData("10486202600000X", "协议书编号应为15位数字")]
    [InlineData("104862026000000", "协议书编号无效，请核对")]
    [InlineData("104861899000001", "协议书编号无效，请核对")]
    public void Parse_refuses_malformed_numbers(string? text, string message)
    {
        Assert.Equal(message, Assert.Throws<DomainException>(() => AgreementNumber.Parse(text)).Message);
        Assert.False(AgreementNumber.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }
}

public class VerificationCodeTests
{
    [Fact]
    public void Code_is_8_unambiguous_upper_case_characters()
    {
        for (var i = 0; i < 500; i++)
        {
            var code = VerificationCode.Generate();
            Assert.Equal(8, code.Length);
            Assert.True(VerificationCode.IsWellFormed(code), code);
            Assert.DoesNotContain(code, c => "0O1IL".Contains(c, StringComparison.Ordinal) || char.IsLower(c));
        }
    }

    [Fact]
    public void Alphabet_has_no_look_alikes()
    {
        Assert.Equal(VerificationCode.Alphabet.Length, VerificationCode.Alphabet.Distinct().Count());
        Assert.DoesNotContain(VerificationCode.Alphabet, c => "0O1IL".Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void Codes_are_random()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => VerificationCode.Generate()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Every character of the alphabet turns up somewhere in 8000 draws.
        Assert.Equal(VerificationCode.Alphabet.OrderBy(c => c), string.Concat(codes).Distinct().OrderBy(c => c));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFG")]
    [InlineData("ABCDEFGHJ")]
    [InlineData("abcdefgh")]
    [InlineData("ABCDEFG0")]
    [InlineData("ABCDEFGO")]
    [InlineData("ABCDEFG1")]
    [InlineData("ABCDEFGI")]
    [InlineData("ABCDEFGL")]
    public void Malformed_codes_are_recognised(string? code) => Assert.False(VerificationCode.IsWellFormed(code));

    [Fact]
    public void Typed_code_is_normalised() => Assert.Equal("ABCD2345", VerificationCode.Normalize(" abcd2345 "));
}
