using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Audit;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Audit;

namespace WllmSign.Portal.Features.Excel;

/// <summary>One row of the employer's 数据管理 list, as the database gives it.</summary>
public sealed record SigningListRow(int Id, string SchoolName, string StudentName, string IdNumber, string Degree, string Major,
    DateTimeOffset InvitedAt, SigningStatus Status, DateTimeOffset Deadline, bool TerminationVerificationRejected);

/// <summary>
/// The exports (导出): each streams rows from the database straight into SpreadCheetah and the output stream, never
/// holding the whole list. Every query is scoped by the signed-in user. ID numbers are masked as in the lists unless
/// <c>full</c> is asked for. Every export, masked or full, is an audit entry (who, which export, how many rows, masked
/// or full, when, client address), written when the file is finished or the download breaks off.
/// </summary>
public sealed class ExcelExportService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IAuditLog audit, ILogger<ExcelExportService> logger)
{
    /// <summary>Outside the web host (benchmarks, tools): the same audit log, without a client address.</summary>
    public ExcelExportService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<ExcelExportService> logger)
        : this(dbFactory, clock, new AuditLog(dbFactory, clock, new HttpContextAccessor()), logger)
    {
    }

    private static readonly ExcelColumn[] SendListColumns =
    [
        new("毕业学校", Width: 26), new("毕业年度", ExcelColumnKind.Year, 10), new("姓名", Width: 12),
        new("身份证号", ExcelColumnKind.IdNumber, 22), new("性别", Width: 6), new("院系", Width: 18), new("专业", Width: 20), new("学历", Width: 16),
    ];

    private static readonly ExcelColumn[] SigningColumns =
    [
        new("院校名称", Width: 26), new("姓名", Width: 12), new("身份证号", ExcelColumnKind.IdNumber, 22), new("学历", Width: 16),
        new("专业", Width: 20), new("邀请日期", Width: 12), new("应约状态", Width: 12), new("鉴证状态", Width: 14),
    ];

    private static readonly ExcelColumn[] PlacementColumns =
    [
        new("学号", Width: 14), new("姓名", Width: 12), new("性别", Width: 6), new("身份证号", ExcelColumnKind.IdNumber, 22),
        new("院系", Width: 18), new("专业", Width: 20), new("学历", Width: 16), new("单位名称", Width: 30), new("统一社会信用代码", Width: 22),
        new("单位性质", Width: 14), new("单位所在地", Width: 18), new("协议书编号", ExcelColumnKind.IdNumber, 18), new("签约时间", Width: 12),
    ];

    private static readonly ExcelColumn[] SchoolSigningColumns =
    [
        new("姓名", Width: 12), new("身份证号", ExcelColumnKind.IdNumber, 22), new("院系", Width: 18), new("专业", Width: 20),
        new("毕业年度", Width: 10), new("单位名称", Width: 30), new("拟聘用职位", Width: 18), new("邀请日期", Width: 12),
        new("应约状态", Width: 12), new("鉴证状态", Width: 14), new("协议书编号", ExcelColumnKind.IdNumber, 18),
    ];

    private string Today => ChinaTime.Today(clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Suffix(bool full) => full ? "_完整身份证号" : "";

    private string Id(string value, bool full) => full ? value : IdNumber.Mask(value);

    private ExportAudit Audit(CurrentUser user, bool full, string what)
    {
        if (full) logger.LogInformation("full ID export by {User}: {Export}", user.UserId, what);
        return new ExportAudit(dbFactory, audit, user, full, what);
    }

    /// <summary>
    /// Counts the rows of one export (per school for an employer's exports, whose rows span schools) and writes the
    /// audit entries when disposed: a school admin's export is one entry for their school; an employer's is one entry
    /// per school whose students it holds (so each school sees who took its graduates' data), or one for the alliance
    /// when it is empty.
    /// </summary>
    private sealed class ExportAudit(IDbContextFactory<AppDbContext> dbFactory, IAuditLog audit, CurrentUser user, bool full, string what) : IAsyncDisposable
    {
        private readonly Dictionary<string, int> perSchool = new(StringComparer.Ordinal);
        private int rows;
        public bool Completed { get; set; }

        public void Row(string? schoolName = null)
        {
            rows++;
            if (schoolName is not null) perSchool[schoolName] = perSchool.GetValueOrDefault(schoolName) + 1;
        }

        public async ValueTask DisposeAsync()
        {
            var action = full ? AuditActions.FullIdExported : AuditActions.MaskedExported;
            var ids = full ? "完整身份证号" : "身份证号已遮盖";
            var broken = Completed ? "" : "，下载中断";
            var who = AuditActor.Of(user);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (user.SchoolId is not null || perSchool.Count == 0)
            {
                audit.Add(db, who, action, $"{what}：{rows} 行（{ids}{broken}）", user.SchoolId);
            }
            else
            {
                var names = perSchool.Keys.ToList();
                var schools = await db.Schools.AsNoTracking().Where(s => names.Contains(s.Name)).Select(s => new { s.Id, s.Name }).ToListAsync(CancellationToken.None);
                foreach (var school in schools)
                    audit.Add(db, who, action, $"{what}：本校学生 {perSchool[school.Name]} 行，共 {rows} 行（{ids}{broken}）", school.Id);
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    // ---- 导出签约发送列表 (employer) ----

    public string SendListFileName(bool full) => $"签约发送列表_{Today}{Suffix(full)}.xlsx";

    public async Task WriteSendListAsync(CurrentUser user, int? schoolId, int? year, bool full, Stream output, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        await using var log = Audit(user, full, "签约发送列表");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The list's own query with the filters the list applied (school and 毕业年度).
        var query = Invitations.EmployerSendService.SendListQuery(db, employerId, schoolId, year);
        await using var w = await ExcelSheetWriter.StartAsync(output, "签约发送列表", SendListColumns, ct);
        await foreach (var r in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            w.Set(0, r.School); w.Set(1, r.GraduationYear); w.Set(2, r.Name); w.Set(3, Id(r.IdNumber, full));
            w.Set(4, r.Gender); w.Set(5, r.Faculty); w.Set(6, r.Major); w.Set(7, r.Degree);
            await w.WriteRowAsync(ct);
            log.Row(r.School);
        }
        await w.FinishAsync(ct);
        log.Completed = true;
    }

    // ---- 数据管理 导出 (employer) ----

    public string SigningListFileName(SigningListFilter filter, bool full) => filter.Termination switch
    {
        DataCenter.TerminationTab.StudentRequests => $"解约办理_学生提出解约待办理列表_{Today}{Suffix(full)}.xlsx",
        DataCenter.TerminationTab.EffectiveAgreements => $"解约办理_已签约成功学生列表_{Today}{Suffix(full)}.xlsx",
        _ => $"数据管理_{SigningStatusText.TabLabel(filter.Tab)}_{Today}{Suffix(full)}.xlsx",
    };

    /// <summary>
    /// The employer's 数据管理 list with its filters, newest invitation first. The one query of the list: the data
    /// centre's list service can take this over (or replace it) so that the page and the export always agree.
    /// </summary>
    public static IQueryable<SigningListRow> SigningListQuery(AppDbContext db, int employerId, SigningListFilter f, DateTimeOffset now)
    {
        // The data centre's own query, so the export holds exactly the rows the list shows.
        var filter = new DataCenter.SigningListFilter
        {
            SchoolId = f.SchoolId, GraduationYear = f.GraduationYear, StudentName = f.Name, IdNumber = f.IdNumber, Major = f.Major,
            InvitedFrom = f.InvitedFrom, InvitedTo = f.InvitedTo, ResponseStatus = f.ResponseStatus,
        };
        var tab = f.Termination is { } termination
            ? DataCenter.EmployerSigningListService.TerminationFilter(termination, employerId)
            : DataCenter.EmployerSigningListService.TabFilter(f.Tab, employerId, now);
        return DataCenter.EmployerSigningListService.Filtered(db, employerId, tab, filter, now)
            .OrderByDescending(r => r.InvitedAt).ThenByDescending(r => r.Id)
            .Select(r => new SigningListRow(r.Id, r.SchoolName, r.StudentName, r.IdNumber, r.Degree, r.Major,
                r.InvitedAt, r.Status, r.Deadline, r.TerminationVerificationRejected));
    }

    public async Task WriteSigningListAsync(CurrentUser user, SigningListFilter filter, bool full, Stream output, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        await using var log = Audit(user, full, filter.Termination switch
        {
            DataCenter.TerminationTab.StudentRequests => "解约办理·学生提出解约待办理列表",
            DataCenter.TerminationTab.EffectiveAgreements => "解约办理·已签约成功学生列表",
            _ => $"数据管理·{SigningStatusText.TabLabel(filter.Tab)}",
        });
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sheet = filter.Termination switch
        {
            DataCenter.TerminationTab.StudentRequests => "学生提出解约待办理列表",
            DataCenter.TerminationTab.EffectiveAgreements => "已签约成功学生列表",
            _ => SigningStatusText.TabLabel(filter.Tab),
        };
        await using var w = await ExcelSheetWriter.StartAsync(output, sheet, SigningColumns, ct);
        await foreach (var r in SigningListQuery(db, employerId, filter, now).AsAsyncEnumerable().WithCancellation(ct))
        {
            var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
            w.Set(0, r.SchoolName); w.Set(1, r.StudentName); w.Set(2, Id(r.IdNumber, full)); w.Set(3, r.Degree); w.Set(4, r.Major);
            w.Set(5, DateOnly.FromDateTime(ChinaTime.ToChina(r.InvitedAt).DateTime));
            w.Set(6, SigningStatusText.ResponseText(status));
            w.Set(7, SigningStatusText.VerificationText(status, r.TerminationVerificationRejected));
            await w.WriteRowAsync(ct);
            log.Row(r.SchoolName);
        }
        await w.FinishAsync(ct);
        log.Completed = true;
    }

    // ---- 学生名单 (school admin) ----

    public string RosterFileName(RosterFilter filter, bool full) =>
        $"学生名单{(filter.GraduationYear is { } y ? $"_{y}届" : "")}_{Today}{Suffix(full)}.xlsx";

    public async Task WriteRosterAsync(CurrentUser user, RosterFilter filter, bool full, Stream output, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        await using var log = Audit(user, full, "学生名单");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Students.AsNoTracking().Where(s => s.SchoolId == schoolId);
        if (filter.GraduationYear is { } year) q = q.Where(s => s.GraduationYear == year);
        if (!string.IsNullOrWhiteSpace(filter.Faculty)) { var v = filter.Faculty.Trim(); q = q.Where(s => s.Faculty.Contains(v)); }
        if (!string.IsNullOrWhiteSpace(filter.Major)) { var v = filter.Major.Trim(); q = q.Where(s => s.Major.Contains(v)); }
        if (!string.IsNullOrWhiteSpace(filter.Name)) { var v = filter.Name.Trim(); q = q.Where(s => s.Name.Contains(v)); }
        if (!string.IsNullOrWhiteSpace(filter.IdNumber)) { var v = filter.IdNumber.Trim().ToUpperInvariant(); q = q.Where(s => s.IdNumber.Contains(v)); }
        var rows = q.OrderByDescending(s => s.GraduationYear).ThenBy(s => s.StudentNumber).ThenBy(s => s.Id)
            .Select(s => new { s.StudentNumber, s.Name, s.IdNumber, s.Gender, s.Faculty, s.Major, s.Degree, s.GraduationYear, s.PoliticalStatus, s.Phone, s.Email });
        var spec = ExcelSheets.Roster;
        await using var w = await ExcelSheetWriter.StartAsync(output, spec.SheetName, spec.Columns, ct);
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            w.Set(0, r.StudentNumber); w.Set(1, r.Name); w.Set(2, Id(r.IdNumber, full)); w.Set(3, r.Gender); w.Set(4, r.Faculty);
            w.Set(5, r.Major); w.Set(6, r.Degree); w.Set(7, r.GraduationYear); w.Set(8, r.PoliticalStatus); w.Set(9, r.Phone); w.Set(10, r.Email);
            await w.WriteRowAsync(ct);
            log.Row();
        }
        await w.FinishAsync(ct);
        log.Completed = true;
    }

    // ---- 就业方案 (school admin): the agreements in force ----

    public string PlacementFileName(int? graduationYear, bool full) =>
        $"就业方案{(graduationYear is { } y ? $"_{y}届" : "")}_{Today}{Suffix(full)}.xlsx";

    public async Task WritePlacementAsync(CurrentUser user, int? graduationYear, bool full, Stream output, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        await using var log = Audit(user, full, "就业方案");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var inForce = SigningStatuses.InForce.ToArray();
        var rows = from s in db.Signings.AsNoTracking()
                   where s.SchoolId == schoolId && Enumerable.Contains(inForce, s.Status)
                       && (graduationYear == null || s.GraduationYear == graduationYear)
                   join st in db.Students on s.StudentId equals st.Id
                   join e in db.Employers on s.EmployerId equals e.Id
                   orderby st.Faculty, st.Major, st.StudentNumber, s.Id
                   select new
                   {
                       st.StudentNumber, st.Name, st.Gender, st.IdNumber, st.Faculty, st.Major, st.Degree,
                       Unit = e.Name, e.CreditCode, Nature = e.SigningInfo!.Nature, Location = e.SigningInfo!.Location,
                       s.AgreementNumber, s.VerifiedAt,
                   };
        await using var w = await ExcelSheetWriter.StartAsync(output, "就业方案", PlacementColumns, ct);
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            w.Set(0, r.StudentNumber); w.Set(1, r.Name); w.Set(2, r.Gender); w.Set(3, Id(r.IdNumber, full)); w.Set(4, r.Faculty);
            w.Set(5, r.Major); w.Set(6, r.Degree); w.Set(7, r.Unit); w.Set(8, r.CreditCode); w.Set(9, r.Nature); w.Set(10, r.Location);
            w.Set(11, r.AgreementNumber);
            w.Set(12, r.VerifiedAt is { } at ? DateOnly.FromDateTime(ChinaTime.ToChina(at).DateTime) : null);
            await w.WriteRowAsync(ct);
            log.Row();
        }
        await w.FinishAsync(ct);
        log.Completed = true;
    }

    // ---- 数据管理 导出 (school admin) ----

    public string SchoolSigningsFileName(bool full) => $"学校数据管理_{Today}{Suffix(full)}.xlsx";

    /// <summary>The school's data list with its filters: the list's own query (SchoolDataService.Filtered).</summary>
    public async Task WriteSchoolSigningsAsync(CurrentUser user, SchoolAdmin.Data.SchoolDataFilter filter, bool full, Stream output, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        await using var log = Audit(user, full, "学校数据管理");
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var w = await ExcelSheetWriter.StartAsync(output, "数据管理", SchoolSigningColumns, ct);
        await foreach (var r in SchoolAdmin.Data.SchoolDataService.Filtered(db, schoolId, filter, now).AsAsyncEnumerable().WithCancellation(ct))
        {
            var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
            w.Set(0, r.Name); w.Set(1, Id(r.IdNumber, full)); w.Set(2, r.Faculty); w.Set(3, r.Major); w.Set(4, r.GraduationYear);
            w.Set(5, r.Employer); w.Set(6, r.Position); w.Set(7, DateOnly.FromDateTime(ChinaTime.ToChina(r.InvitedAt).DateTime));
            w.Set(8, SigningStatusText.ResponseText(status));
            w.Set(9, SigningStatusText.VerificationText(status, r.TerminationVerificationRejected));
            w.Set(10, r.AgreementNumber);
            await w.WriteRowAsync(ct);
            log.Row();
        }
        await w.FinishAsync(ct);
        log.Completed = true;
    }
}
