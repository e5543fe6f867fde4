namespace WllmSign.Portal.Features.Excel;

/// <summary>How a column's cells are written in templates and read back on import.</summary>
public enum ExcelColumnKind
{
    /// <summary>Plain text.</summary>
    Text = 0,
    /// <summary>身份证号: formatted as text ("@") so that 18 digits are never rounded.</summary>
    IdNumber = 1,
    /// <summary>A whole number such as 毕业年度 (ExcelDataReader returns it as a double).</summary>
    Year = 2,
}

/// <summary>One column of a spreadsheet: its exact Chinese header, kind, width and, when the values are a fixed set, the drop-down list.</summary>
public sealed record ExcelColumn(string Header, ExcelColumnKind Kind = ExcelColumnKind.Text, double Width = 14, bool Required = true)
{
    /// <summary>The values of the drop-down list (data validation), when fixed; null otherwise.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>A short hint shown as a note on the header cell.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The longest text a cell of this column may hold, in characters (the field's maximum in the domain). A longer
    /// cell refuses the whole file while it is read, naming its row and column (decision 020).
    /// </summary>
    public int MaxLength { get; init; } = 100;
}

/// <summary>
/// The columns of one importable spreadsheet. Import rule: the first row holds the
/// headers; every header of the spec must appear exactly once, spelled exactly (surrounding spaces ignored), in any
/// order; other columns (e.g. the 原因 column of a rejected-rows file) are ignored.
/// </summary>
public sealed record ExcelSheetSpec(string SheetName, IReadOnlyList<ExcelColumn> Columns)
{
    public int IndexOf(string header)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Header == header) return i;
        }
        throw new ArgumentOutOfRangeException(nameof(header), header, null);
    }

    public IReadOnlyList<string> Headers => Columns.Select(c => c.Header).ToList();
}

/// <summary>The two importable spreadsheets of the portal and their fixed value sets.</summary>
public static class ExcelSheets
{
    public const string School = "毕业学校";
    public const string Year = "毕业年度";
    public const string Name = "姓名";
    public const string IdNumber = "身份证号";
    public const string StudentNumber = "学号";
    public const string Gender = "性别";
    public const string Faculty = "院系";
    public const string Major = "专业";
    public const string Degree = "学历";
    public const string Political = "政治面貌";
    public const string Phone = "手机";
    public const string Email = "邮箱";
    public const string Reason = "原因";

    public static readonly string[] Genders = ["男", "女"];
    public static IReadOnlyList<string> Degrees => RosterChoices.Degrees;
    public static IReadOnlyList<string> PoliticalStatuses => RosterChoices.PoliticalStatuses;

    /// <summary>身份证号 and 毕业年度 cells may carry spaces (removed on reading) or a 届: a little over their length.</summary>
    private const int IdNumberMaxLength = 30, YearMaxLength = 10;

    private const string IdNote = "18位身份证号，本列已设为文本格式，请勿改为数字格式（否则末几位会丢失）";

    /// <summary>拟签约名单 (manual 3.1.2). 毕业学校's drop-down list is filled with the employer's resident schools.</summary>
    public static ExcelSheetSpec SendList { get; } = new("拟签约名单",
    [
        new(School, Width: 26) { Note = "请从下拉列表中选择已入驻的学校", MaxLength = WllmSign.Domain.Schools.School.NameMaxLength },
        new(Year, ExcelColumnKind.Year, 10) { Note = "如 2027（即2027届）", MaxLength = YearMaxLength },
        new(Name, Width: 12) { MaxLength = Student.NameMaxLength },
        new(IdNumber, ExcelColumnKind.IdNumber, 22) { Note = IdNote, MaxLength = IdNumberMaxLength },
    ]);

    /// <summary>学生名单: the school's roster.</summary>
    public static ExcelSheetSpec Roster { get; } = new("学生名单",
    [
        new(StudentNumber, Width: 14) { MaxLength = Student.StudentNumberMaxLength },
        new(Name, Width: 12) { MaxLength = Student.NameMaxLength },
        new(IdNumber, ExcelColumnKind.IdNumber, 22) { Note = IdNote, MaxLength = IdNumberMaxLength },
        new(Gender, Width: 6, Required: false) { Choices = Genders, Note = "可不填；填写时须与身份证号一致", MaxLength = 10 },
        new(Faculty, Width: 18) { MaxLength = Student.FacultyMaxLength },
        new(Major, Width: 20) { MaxLength = Student.MajorMaxLength },
        new(Degree, Width: 16) { Choices = Degrees, MaxLength = Student.DegreeMaxLength },
        new(Year, ExcelColumnKind.Year, 10) { Note = "如 2027（即2027届）", MaxLength = YearMaxLength },
        new(Political, Width: 12, Required: false) { Choices = PoliticalStatuses, MaxLength = Student.PoliticalStatusMaxLength },
        new(Phone, Width: 14, Required: false) { MaxLength = Student.PhoneMaxLength },
        new(Email, Width: 24, Required: false) { MaxLength = Student.EmailMaxLength },
    ]);
}
