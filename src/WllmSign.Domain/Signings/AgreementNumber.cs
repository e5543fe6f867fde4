using System.Globalization;
using WllmSign.Domain.Common;

namespace WllmSign.Domain.Signings;

/// <summary>
/// 协议书编号 (rule 9): 15 digits = the school's 5-digit code + the 4-digit graduation year + a 6-digit
/// sequence starting at 000001, per school and year. Uniqueness is the database's job (a unique index);
/// the next number is <c>Next()</c> of the highest one issued for that school and year, or
/// <see cref="First"/>.
/// </summary>
public readonly record struct AgreementNumber
{
    public const int Length = 15;
    public const int MaxSequence = 999_999;

    /// <summary>The 15 digits.</summary>
    public string Value { get; }

    private AgreementNumber(string value) => Value = value;

    /// <summary>学校代码, 5 digits.</summary>
    public string SchoolCode => Value[..5];

    /// <summary>毕业年度.</summary>
    public int GraduationYear => int.Parse(Value.AsSpan(5, 4), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The 1-based sequence within the school and year.</summary>
    public int Sequence => int.Parse(Value.AsSpan(9, 6), NumberStyles.None, CultureInfo.InvariantCulture);

    public static AgreementNumber Create(string schoolCode, int graduationYear, int sequence)
    {
        var code = (schoolCode ?? "").Trim();
        if (code.Length != 5 || !code.All(char.IsAsciiDigit)) throw new DomainException("学校代码应为5位数字，无法生成协议书编号");
        if (graduationYear is < 2000 or > 2100) throw new DomainException("毕业年度无效，无法生成协议书编号");
        if (sequence is < 1 or > MaxSequence) throw new DomainException("协议书编号的序号应为1至999999");
        return new AgreementNumber(string.Create(CultureInfo.InvariantCulture, $"{code}{graduationYear:D4}{sequence:D6}"));
    }

    /// <summary>The first number of a school and year: sequence 000001.</summary>
    public static AgreementNumber First(string schoolCode, int graduationYear) => Create(schoolCode, graduationYear, 1);

    /// <summary>The number after this one, in the same school and year.</summary>
    public AgreementNumber Next()
    {
        if (Sequence >= MaxSequence) throw new DomainException("该校本年度的协议书编号已用完，请联系联盟管理员");
        return Create(SchoolCode, GraduationYear, Sequence + 1);
    }

    /// <summary>The first 9 digits shared by every number of a school and year (for a prefix query).</summary>
    public static string Prefix(string schoolCode, int graduationYear) => First(schoolCode, graduationYear).Value[..9];

    public static AgreementNumber Parse(string? text)
    {
        if (TryParse(text, out var number, out var error)) return number;
        throw new DomainException(error);
    }

    public static bool TryParse(string? text, out AgreementNumber number, out string error)
    {
        number = default;
        var s = (text ?? "").Trim();
        if (s.Length == 0) { error = "请输入协议书编号"; return false; }
        if (s.Length != Length || !s.All(char.IsAsciiDigit)) { error = "协议书编号应为15位数字"; return false; }
        var year = int.Parse(s.AsSpan(5, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var sequence = int.Parse(s.AsSpan(9, 6), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100 || sequence < 1) { error = "协议书编号无效，请核对"; return false; }
        number = new AgreementNumber(s);
        error = "";
        return true;
    }

    public override string ToString() => Value ?? "";
}

/// <summary>
/// 校验码 (rule 9): 8 characters from an upper-case alphabet without the look-alikes 0/O, 1/I/L, read
/// from the agreement into the public check page together with the agreement number.
/// </summary>
public static class VerificationCode
{
    public const int Length = 8;

    /// <summary>23 letters and 8 digits; no 0, O, 1, I or L.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string Generate() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>What a person typed on the check page, upper-cased and trimmed.</summary>
    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();
}
