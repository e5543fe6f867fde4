using WllmSign.Portal.Features.Excel;

namespace WllmSign.Portal.Features.SchoolAdmin.Roster;

/// <summary>
/// 导出 of the school's roster (学生名单): the list's own filter and query (<see cref="RosterService.Filtered"/>), in the
/// columns of the import template, so an exported file can be corrected and imported again.
/// </summary>
public sealed class RosterExport(ExcelExportService exports)
{
    /// <summary>The download address with the roster's filters.</summary>
    public static string Link(RosterFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ExcelLinks.WithQuery(ExcelLinks.RosterPath, filter.ToQueryString());
    }

    public string FileName(RosterFilter filter, bool full)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return exports.FileName($"学生名单{(filter.GraduationYear is { } y ? $"_{y}届" : "")}", full);
    }

    public Task WriteAsync(CurrentUser user, RosterFilter filter, bool full, Stream output, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        var spec = ExcelSheets.Roster;
        return exports.WriteAsync(user, full, "学生名单", spec.SheetName, spec.Columns, db => RosterService.Filtered(db, schoolId, filter), (w, r) =>
        {
            w.Set(0, r.StudentNumber); w.Set(1, r.Name); w.Set(2, ExcelExportService.Id(r.IdNumber, full)); w.Set(3, r.Gender); w.Set(4, r.Faculty);
            w.Set(5, r.Major); w.Set(6, r.Degree); w.Set(7, r.GraduationYear); w.Set(8, r.PoliticalStatus); w.Set(9, r.Phone); w.Set(10, r.Email);
            return null;
        }, output, ct);
    }
}
