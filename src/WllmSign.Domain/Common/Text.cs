using System.Globalization;
using System.Text.RegularExpressions;

namespace WllmSign.Domain.Common;

/// <summary>Small input checks shared by every rule: required text, lengths in characters, phones.</summary>
public static partial class Text
{
    /// <summary>Trims and requires a value of at most <paramref name="max"/> characters (字, counted as text elements).</summary>
    public static string Required(string? value, string label, int max)
    {
        var s = (value ?? "").Trim();
        if (s.Length == 0) throw new DomainException($"请输入{label}");
        if (Length(s) > max) throw new DomainException($"{label}不能超过{max}个字");
        return s;
    }

    public static string? Optional(string? value, string label, int max)
    {
        var s = (value ?? "").Trim();
        if (s.Length == 0) return null;
        if (Length(s) > max) throw new DomainException($"{label}不能超过{max}个字");
        return s;
    }

    /// <summary>
    /// Full-width ASCII (０-９, Ｘ, ａ-ｚ…, as a Chinese input method types them) and the ideographic space become their
    /// half-width forms; everything else is kept. Returns the same instance when there is nothing to change.
    /// </summary>
    public static string ToHalfWidth(string s)
    {
        var i = 0;
        while (i < s.Length && !IsFullWidth(s[i])) i++;
        if (i == s.Length) return s;
        return string.Create(s.Length, s, static (span, source) =>
        {
            for (var k = 0; k < source.Length; k++)
            {
                var c = source[k];
                span[k] = c == '\u3000' ? ' ' : c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            }
        });
    }

    private static bool IsFullWidth(char c) => c == '\u3000' || c is >= '\uFF01' and <= '\uFF5E';

    /// <summary>Length as a reader counts it: 𠮷 is one character, not two UTF-16 units.</summary>
    public static int Length(string s) => new StringInfo(s).LengthInTextElements;

    /// <summary>A mainland mobile (11 digits starting 1) or a landline (区号-号码, optional extension).</summary>
    public static bool IsPhone(string? value) => value is not null && PhoneRegex().IsMatch(value.Trim());

    public static string Phone(string? value, string label)
    {
        var s = Required(value, label, 30);
        if (!IsPhone(s)) throw new DomainException($"{label}格式不正确（手机号为11位数字，固定电话如 027-87654321）");
        return s;
    }

    public static bool IsPostcode(string? value) => value is not null && PostcodeRegex().IsMatch(value.Trim());

    public static bool IsEmail(string? value) => value is not null && EmailRegex().IsMatch(value.Trim());

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$")]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex PostcodeRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailRegex();
}
