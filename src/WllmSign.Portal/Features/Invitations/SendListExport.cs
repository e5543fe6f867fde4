using WllmSign.Portal.Features.Excel;

namespace WllmSign.Portal.Features.Invitations;

/// <summary>
/// 导出签约发送列表: the list's own query with the filters it applied (school, 毕业年度;
/// <see cref="EmployerSendService.SendListQuery"/>), so the export holds exactly the rows the list shows.
/// </summary>
public sealed class SendListExport(ExcelExportService exports)
{
    private static readonly ExcelColumn[] Columns =
    [
        new("毕业学校", Width: 26), new("毕业年度", ExcelColumnKind.Year, 10), new("姓名", Width: 12),
        new("身份证号", ExcelColumnKind.IdNumber, 22), new("性别", Width: 6), new("院系", Width: 18), new("专业", Width: 20), new("学历", Width: 16),
    ];

    /// <summary>The download address with the list's applied filters.</summary>
    public static string Link(int? schoolId = null, int? year = null) =>
        ExcelLinks.WithQuery(ExcelLinks.SendListPath, ListQuery.Build(new() { ["school"] = ListQuery.Int(schoolId), ["year"] = ListQuery.Int(year) }));

    public static (int? SchoolId, int? Year) FromQuery(IQueryCollection q) => (ListQuery.ParseInt(q["school"]), ListQuery.ParseInt(q["year"]));

    public string FileName(bool full) => exports.FileName("签约发送列表", full);

    public Task WriteAsync(CurrentUser user, int? schoolId, int? year, bool full, Stream output, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        return exports.WriteAsync(user, full, "签约发送列表", "签约发送列表", Columns, db => EmployerSendService.SendListQuery(db, employerId, schoolId, year), (w, r) =>
        {
            w.Set(0, r.School); w.Set(1, r.GraduationYear); w.Set(2, r.Name); w.Set(3, ExcelExportService.Id(r.IdNumber, full));
            w.Set(4, r.Gender); w.Set(5, r.Faculty); w.Set(6, r.Major); w.Set(7, r.Degree);
            return r.School;
        }, output, ct);
    }
}
