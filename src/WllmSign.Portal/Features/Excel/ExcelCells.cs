using System.Text.RegularExpressions;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// Turns the raw values ExcelDataReader returns (string, double, bool, DateTime or null) into the text, years and ID
/// numbers the import services need, with the row-level reason in Chinese when a cell cannot be used.
/// </summary>
public static partial class ExcelCells
{
    public const string IdNumberAsNumberMessage =
        "身份证号被Excel存成了数字（科学计数法），末几位已丢失。请把身份证号列设为文本格式后重新填写";
    public const string YearMessage = "毕业年度应为四位年份，如 2027";

    /// <summary>Excel's own limit on the text of one cell: a longer one makes a file Excel calls damaged.</summary>
    public const int ExcelMaxCellChars = 32_767;

    /// <summary>Text cut to what one Excel cell can hold (the reader already refuses longer cells; this is the writer's guard).</summary>
    public static string FitCell(string text) => text.Length <= ExcelMaxCellChars ? text : text[..ExcelMaxCellChars];

    public static bool IsBlank(object? value) => value switch
    {
        null => true,
        DBNull => true,
        string s => string.IsNullOrWhiteSpace(s),
        _ => false,
    };

    /// <summary>The cell as the user sees it: trimmed text; whole numbers without decimals; dates as yyyy-MM-dd.</summary>
    public static string Text(object? value) => value switch
    {
        null or DBNull => "",
        string s => s.Trim(),
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim() ?? "",
    };

    /// <summary>毕业年度: a number (ExcelDataReader returns a double) or text such as "2027" or "2027届".</summary>
    public static bool TryYear(object? value, out int year, out string error)
    {
        year = 0;
        error = YearMessage;
        switch (value)
        {
            case double d when d == Math.Floor(d) && d is >= 2000 and <= 2100:
                year = (int)d;
                break;
            case string s:
                var t = Domain.Common.Text.ToHalfWidth(s).Trim().TrimEnd('届', '年').Trim();
                if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out year) || year is < 2000 or > 2100) return false;
                break;
            default:
                return false;
        }
        error = "";
        return true;
    }

    /// <summary>
    /// 身份证号, checked by GB 11643 (the message of <see cref="IdNumber"/> when wrong). A numeric cell of 17 or more
    /// digits, or text in scientific notation, has lost its last digits in Excel: refused with
    /// <see cref="IdNumberAsNumberMessage"/>.
    /// </summary>
    public static bool TryIdNumber(object? value, out string idNumber, out string error)
    {
        idNumber = "";
        string text;
        switch (value)
        {
            case double d when Math.Abs(d) >= 1e16:
                error = IdNumberAsNumberMessage;
                return false;
            case string s when ScientificRegex().IsMatch(Domain.Common.Text.ToHalfWidth(s).Trim()):
                error = IdNumberAsNumberMessage;
                return false;
            default:
                text = Domain.Common.Text.ToHalfWidth(Text(value)).Replace(" ", "", StringComparison.Ordinal);
                break;
        }
        if (!IdNumber.TryParse(text, out var id, out error)) return false;
        idNumber = id.Value;
        return true;
    }

    [GeneratedRegex(@"^\d(\.\d+)?[eE]\+?\d+$")]
    private static partial Regex ScientificRegex();
}
