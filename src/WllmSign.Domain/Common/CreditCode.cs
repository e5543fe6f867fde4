namespace WllmSign.Domain.Common;

/// <summary>A unified social credit code (统一社会信用代码) checked by GB 32100-2015.</summary>
public readonly record struct CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public string Value { get; }

    private CreditCode(string value) => Value = value;

    public static CreditCode Parse(string? text)
    {
        if (TryParse(text, out var code, out var error)) return code;
        throw new DomainException(error);
    }

    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    public static bool TryParse(string? text, out CreditCode code, out string error)
    {
        code = default;
        var s = (text ?? "").Trim().ToUpperInvariant();
        if (s.Length == 0) { error = "请输入统一社会信用代码"; return false; }
        if (s.Length != 18) { error = "统一社会信用代码应为18位"; return false; }
        foreach (var c in s)
        {
            if (!Alphabet.Contains(c)) { error = "统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）"; return false; }
        }
        if (ComputeCheck(s) != s[17]) { error = "统一社会信用代码校验位错误，请核对"; return false; }
        code = new CreditCode(s);
        error = "";
        return true;
    }

    /// <summary>The GB 32100 check character for the first 17 characters.</summary>
    public static char ComputeCheck(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        var check = (31 - sum % 31) % 31;
        return Alphabet[check];
    }

    public override string ToString() => Value;
}
