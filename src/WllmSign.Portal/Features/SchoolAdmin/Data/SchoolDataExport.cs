using WllmSign.Portal.Features.Excel;

namespace WllmSign.Portal.Features.SchoolAdmin.Data;

/// <summary>
/// 导出 of the school's 数据管理: the list's own filter, query (<see cref="SchoolDataService.Filtered"/>) and row
/// (<see cref="SchoolDataService.Shown"/>); only the ID number is full when asked for.
/// </summary>
public sealed class SchoolDataExport(ExcelExportService exports, TimeProvider clock)
{
    private static readonly ExcelColumn[] Columns =
    [
        new("姓名", Width: 12), new("身份证号", ExcelColumnKind.IdNumber, 22), new("院系", Width: 18), new("专业", Width: 20),
        new("毕业年度", Width: 10), new("单位名称", Width: 30), new("拟聘用职位", Width: 18), new("邀请日期", Width: 12),
        new("应约状态", Width: 12), new("鉴证状态", Width: 14), new("协议书编号", ExcelColumnKind.IdNumber, 18),
    ];

    /// <summary>The download address with the list's filters.</summary>
    public static string Link(SchoolDataFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ExcelLinks.WithQuery(ExcelLinks.SchoolSigningsPath, filter.ToQueryString());
    }

    public string FileName(bool full) => exports.FileName("学校数据管理", full);

    public Task WriteAsync(CurrentUser user, SchoolDataFilter filter, bool full, Stream output, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        var now = clock.GetUtcNow();
        return exports.WriteAsync(user, full, "学校数据管理", "数据管理", Columns, db => SchoolDataService.Filtered(db, schoolId, filter, now), (w, stored) =>
        {
            var row = SchoolDataService.Shown(stored, now);
            w.Set(0, row.StudentName); w.Set(1, full ? stored.IdNumber : row.MaskedIdNumber); w.Set(2, row.Faculty); w.Set(3, row.Major);
            w.Set(4, row.GraduationYear); w.Set(5, row.EmployerName); w.Set(6, row.Position);
            w.Set(7, DateOnly.FromDateTime(ChinaTime.ToChina(row.InvitedAt).DateTime));
            w.Set(8, row.ResponseText); w.Set(9, row.VerificationText); w.Set(10, row.AgreementNumber);
            return null;
        }, output, ct);
    }
}
