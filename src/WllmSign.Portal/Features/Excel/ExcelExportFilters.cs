using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using WllmSign.Domain.Signings;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// The filter bar of 数据管理 (manual chapter 4): tab, 学校, 毕业年度, 学生姓名, 身份证号, 专业名称, 邀请起始日期 – 邀请截至日期
/// (China dates, both inclusive) and 应约状态 (one of <see cref="ResponseStatusFilter.Labels"/>).
/// </summary>
public sealed record SigningListFilter(
    DataTab Tab = DataTab.All,
    int? SchoolId = null,
    int? GraduationYear = null,
    string? Name = null,
    string? IdNumber = null,
    string? Major = null,
    DateOnly? InvitedFrom = null,
    DateOnly? InvitedTo = null,
    string? ResponseStatus = null,
    WllmSign.Portal.Features.DataCenter.TerminationTab? Termination = null)
{
    public string ToQueryString() => ExcelQuery.Build(new Dictionary<string, string?>
    {
        ["tab"] = Tab == DataTab.All ? null : ((int)Tab).ToString(CultureInfo.InvariantCulture),
        ["school"] = ExcelQuery.Int(SchoolId),
        ["year"] = ExcelQuery.Int(GraduationYear),
        ["name"] = Name,
        ["id"] = IdNumber,
        ["major"] = Major,
        ["from"] = ExcelQuery.Date(InvitedFrom),
        ["to"] = ExcelQuery.Date(InvitedTo),
        ["response"] = ResponseStatus,
        ["termination"] = Termination is { } t ? ((int)t).ToString(CultureInfo.InvariantCulture) : null,
    });

    public static SigningListFilter FromQuery(IQueryCollection q) => new(
        Enum.TryParse<DataTab>(q["tab"], out var tab) && Enum.IsDefined(tab) ? tab : DataTab.All,
        ExcelQuery.ParseInt(q["school"]), ExcelQuery.ParseInt(q["year"]), ExcelQuery.Text(q["name"]), ExcelQuery.Text(q["id"]),
        ExcelQuery.Text(q["major"]), ExcelQuery.ParseDate(q["from"]), ExcelQuery.ParseDate(q["to"]), ExcelQuery.Text(q["response"]),
        Enum.TryParse<WllmSign.Portal.Features.DataCenter.TerminationTab>(q["termination"], out var t) && Enum.IsDefined(t) ? t : null);
}

/// <summary>The filter of the school's roster list and its export.</summary>
public sealed record RosterFilter(int? GraduationYear = null, string? Faculty = null, string? Major = null, string? Name = null, string? IdNumber = null)
{
    public string ToQueryString() => ExcelQuery.Build(new Dictionary<string, string?>
    {
        ["year"] = ExcelQuery.Int(GraduationYear),
        ["faculty"] = Faculty,
        ["major"] = Major,
        ["name"] = Name,
        ["id"] = IdNumber,
    });

    public static RosterFilter FromQuery(IQueryCollection q) => new(ExcelQuery.ParseInt(q["year"]), ExcelQuery.Text(q["faculty"]),
        ExcelQuery.Text(q["major"]), ExcelQuery.Text(q["name"]), ExcelQuery.Text(q["id"]));
}

internal static class ExcelQuery
{
    public static string Build(Dictionary<string, string?> values)
    {
        var set = values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value);
        return set.Count == 0 ? "" : QueryHelpers.AddQueryString("", set)[1..];
    }

    public static string? Int(int? v) => v?.ToString(CultureInfo.InvariantCulture);
    public static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>The download addresses of the Excel endpoints, for buttons and links (<see cref="ExcelExportButton"/>).</summary>
public static class ExcelLinks
{
    public const string SendListTemplate = "/excel/templates/send-list.xlsx";
    public const string RosterTemplate = "/excel/templates/roster.xlsx";

    public static string Template(ExcelImportKind kind) => kind == ExcelImportKind.SendList ? SendListTemplate : RosterTemplate;

    public static string Rejected(Guid id) => $"/excel/rejected/{id:N}.xlsx";

    /// <summary>导出签约发送列表 (employer) with the list's applied filters (school, 毕业年度).</summary>
    public static string SendList(int? schoolId = null, int? year = null, bool full = false) =>
        With("/excel/exports/send-list.xlsx", ExcelQuery.Build(new() { ["school"] = ExcelQuery.Int(schoolId), ["year"] = ExcelQuery.Int(year) }), full);

    /// <summary>数据管理 导出 (employer): exactly the rows the filters show.</summary>
    public static string SigningList(SigningListFilter filter, bool full = false) =>
        With("/excel/exports/signings.xlsx", filter.ToQueryString(), full);

    /// <summary>The school's roster (school admin).</summary>
    public static string Roster(RosterFilter filter, bool full = false) =>
        With("/excel/exports/roster.xlsx", filter.ToQueryString(), full);

    /// <summary>就业方案: the school's agreements in force (school admin), optionally one 毕业年度.</summary>
    public static string Placement(int? graduationYear = null, bool full = false) =>
        With("/excel/exports/placement.xlsx", ExcelQuery.Build(new() { ["year"] = ExcelQuery.Int(graduationYear) }), full);

    /// <summary>The school's data list (school admin), with the list's filters.</summary>
    public static string SchoolSignings(SchoolAdmin.Data.SchoolDataFilter f, bool full = false) =>
        With("/excel/exports/school-signings.xlsx", ExcelQuery.Build(new()
        {
            ["year"] = ExcelQuery.Int(f.GraduationYear),
            ["name"] = f.Name,
            ["id"] = f.IdNumber,
            ["major"] = f.Major,
            ["employer"] = f.EmployerName,
            ["from"] = ExcelQuery.Date(f.InvitedFrom is { } from ? DateOnly.FromDateTime(from) : null),
            ["to"] = ExcelQuery.Date(f.InvitedTo is { } to ? DateOnly.FromDateTime(to) : null),
            ["status"] = f.Status is { } st ? ((int)st).ToString(CultureInfo.InvariantCulture) : null,
        }), full);

    public static SchoolAdmin.Data.SchoolDataFilter SchoolSigningsFilter(IQueryCollection q) => new()
    {
        GraduationYear = ExcelQuery.ParseInt(q["year"]),
        Name = ExcelQuery.Text(q["name"]),
        IdNumber = ExcelQuery.Text(q["id"]),
        Major = ExcelQuery.Text(q["major"]),
        EmployerName = ExcelQuery.Text(q["employer"]),
        InvitedFrom = ExcelQuery.ParseDate(q["from"]) is { } from ? from.ToDateTime(TimeOnly.MinValue) : null,
        InvitedTo = ExcelQuery.ParseDate(q["to"]) is { } to ? to.ToDateTime(TimeOnly.MinValue) : null,
        Status = Enum.TryParse<SigningStatus>(q["status"], out var status) && Enum.IsDefined(status) ? status : null,
    };

    /// <summary>
    /// The export's address with its filters. The full-ID export has the same address: it is the POST of the
    /// 导出完整身份证号 form with an antiforgery token (<see cref="ExcelExportButton"/>), never a link (decision 019).
    /// </summary>
    private static string With(string path, string query, bool full)
    {
        _ = full;
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
