using System.Globalization;

namespace WllmSign.Domain.Common;

/// <summary>A resident identity card number (居民身份证号码) checked by GB 11643-1999.</summary>
public readonly record struct IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public string Value { get; }

    private IdNumber(string value) => Value = value;

    /// <summary>Parses and validates; the message of the exception says what is wrong, in Chinese.</summary>
    public static IdNumber Parse(string? text)
    {
        if (TryParse(text, out var id, out var error)) return id;
        throw new DomainException(error);
    }

    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    public static bool TryParse(string? text, out IdNumber id, out string error)
    {
        id = default;
        // Full-width digits and Ｘ (typed with a Chinese input method) are the same number.
        var s = Text.ToHalfWidth(text ?? "").Trim().ToUpperInvariant();
        if (s.Length == 0) { error = "请输入身份证号"; return false; }
        if (s.Length != 18) { error = "身份证号应为18位"; return false; }
        for (var i = 0; i < 17; i++)
        {
            if (s[i] is < '0' or > '9') { error = "身份证号前17位应为数字"; return false; }
        }
        if (s[17] is not ((>= '0' and <= '9') or 'X')) { error = "身份证号最后一位应为数字或X"; return false; }
        if (s[0] is < '1' or > '9') { error = "身份证号的地区码无效"; return false; }
        if (!DateOnly.TryParseExact(s.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900)
        {
            error = "身份证号中的出生日期无效"; return false;
        }
        if (ComputeCheck(s) != s[17]) { error = "身份证号校验位错误，请核对"; return false; }
        id = new IdNumber(s);
        error = "";
        return true;
    }

    /// <summary>The GB 11643 check character for the first 17 digits.</summary>
    public static char ComputeCheck(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    public DateOnly BirthDate => DateOnly.ParseExact(Value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>性别 from the 17th digit: odd is male (男), even is female (女).</summary>
    public string Gender => (Value[16] - '0') % 2 == 1 ? "男" : "女";

    /// <summary>As lists show it: <c>420157********3321</c>.</summary>
    public string Masked => Mask(Value);

    public static string Mask(string? value) =>
        string.IsNullOrEmpty(value) || value.Length < 10 ? "******" : value[..6] + new string('*', value.Length - 10) + value[^4..];

    public override string ToString() => Value;
}
