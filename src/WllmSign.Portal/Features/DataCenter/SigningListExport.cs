using WllmSign.Portal.Features.Excel;

namespace WllmSign.Portal.Features.DataCenter;

/// <summary>
/// 导出 of 数据管理 and 导出列表 of 解约办理: the list's own tab, filter and query
/// (<see cref="EmployerSigningListService.AllRows"/>) and its row (<see cref="EmployerSigningListService.Shown"/>), so
/// the export holds exactly the rows and the words the list shows; only the ID number is full when asked for.
/// </summary>
public sealed class SigningListExport(ExcelExportService exports, TimeProvider clock)
{
    private static readonly ExcelColumn[] Columns =
    [
        new("院校名称", Width: 26), new("姓名", Width: 12), new("身份证号", ExcelColumnKind.IdNumber, 22), new("学历", Width: 16),
        new("专业", Width: 20), new("邀请日期", Width: 12), new("应约状态", Width: 12), new("鉴证状态", Width: 14),
    ];

    /// <summary>The download address with the list's tab and filters (GET masked; the full-ID form POSTs to it).</summary>
    public static string Link(SigningListTab tab, SigningListFilter filter)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(filter);
        var query = new Dictionary<string, string?>();
        tab.AddTo(query);
        filter.AddTo(query);
        return ExcelLinks.WithQuery(ExcelLinks.SigningListPath, Lists.ListQuery.Build(query));
    }

    public string FileName(SigningListTab tab, bool full)
    {
        ArgumentNullException.ThrowIfNull(tab);
        return exports.FileName($"{tab.PageTitle}_{tab.Title}", full);
    }

    public Task WriteAsync(CurrentUser user, SigningListTab tab, SigningListFilter filter, bool full, Stream output, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        ArgumentNullException.ThrowIfNull(tab);
        var now = clock.GetUtcNow();
        return exports.WriteAsync(user, full, $"{tab.PageTitle}·{tab.Title}", tab.Title, Columns,
            db => EmployerSigningListService.AllRows(db, employerId, tab, filter, now), (w, stored) =>
            {
                var row = EmployerSigningListService.Shown(stored, now);
                w.Set(0, row.SchoolName); w.Set(1, row.StudentName); w.Set(2, full ? stored.IdNumber : row.MaskedIdNumber);
                w.Set(3, row.Degree); w.Set(4, row.Major); w.Set(5, DateOnly.FromDateTime(ChinaTime.ToChina(row.InvitedAt).DateTime));
                w.Set(6, row.ResponseText); w.Set(7, row.VerificationText);
                return row.SchoolName;
            }, output, ct);
    }
}
