namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// The download addresses of the Excel endpoints, for buttons and links (<see cref="ExcelExportButton"/>). An export of
/// a list builds its address next to the list, from the list's filter (e.g. <c>DataCenter.SigningListExport.Link</c>).
/// </summary>
public static class ExcelLinks
{
    public const string SendListTemplate = "/excel/templates/send-list.xlsx";
    public const string RosterTemplate = "/excel/templates/roster.xlsx";

    public const string SendListPath = "/excel/exports/send-list.xlsx";
    public const string SigningListPath = "/excel/exports/signings.xlsx";
    public const string RosterPath = "/excel/exports/roster.xlsx";
    public const string PlacementPath = "/excel/exports/placement.xlsx";
    public const string SchoolSigningsPath = "/excel/exports/school-signings.xlsx";

    public static string Template(ExcelImportKind kind) => kind == ExcelImportKind.SendList ? SendListTemplate : RosterTemplate;

    public static string Rejected(Guid id) => $"/excel/rejected/{id:N}.xlsx";

    /// <summary>就业方案: the school's agreements in force (school admin), optionally one 毕业年度.</summary>
    public static string Placement(int? graduationYear = null) =>
        WithQuery(PlacementPath, ListQuery.Build(new() { ["year"] = ListQuery.Int(graduationYear) }));

    /// <summary>
    /// An export's address with its filters. The full-ID export has the same address: it is the POST of the
    /// 导出完整身份证号 form with an antiforgery token (<see cref="ExcelExportButton"/>), never a link (decision 019).
    /// </summary>
    public static string WithQuery(string path, string query) => query.Length == 0 ? path : $"{path}?{query}";
}
