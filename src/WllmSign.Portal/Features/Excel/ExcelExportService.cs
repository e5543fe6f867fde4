namespace WllmSign.Portal.Features.Excel;

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

    private static readonly ExcelColumn[] PlacementColumns =
    [
        new("学号", Width: 14), new("姓名", Width: 12), new("性别", Width: 6), new("身份证号", ExcelColumnKind.IdNumber, 22),
        new("院系", Width: 18), new("专业", Width: 20), new("学历", Width: 16), new("单位名称", Width: 30), new("统一社会信用代码", Width: 22),
        new("单位性质", Width: 14), new("单位所在地", Width: 18), new("协议书编号", ExcelColumnKind.IdNumber, 18), new("签约时间", Width: 12),
    ];

    private string Today => ChinaTime.Today(clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An export's file name: <c>{stem}_{China date}[_完整身份证号].xlsx</c>.</summary>
    public string FileName(string stem, bool full) => $"{stem}_{Today}{(full ? "_完整身份证号" : "")}.xlsx";

    /// <summary>An ID number as the export shows it: masked as in the lists unless the full export was asked for.</summary>
    public static string Id(string value, bool full) => full ? value : IdNumber.Mask(value);

    /// <summary>
    /// Streams one sheet: opens a database context, writes a row per row of <paramref name="rows"/> (the list's own query,
    /// scoped by the caller to the signed-in user) and audits the export (<paramref name="what"/>, the row count, masked
    /// or full; <paramref name="writeRow"/> returns the row's school name for an employer's export, null for a school's).
    /// </summary>
    public async Task WriteAsync<T>(CurrentUser user, bool full, string what, string sheet, IReadOnlyList<ExcelColumn> columns,
        Func<AppDbContext, IQueryable<T>> rows, Func<ExcelSheetWriter, T, string?> writeRow, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writeRow);
        await using var log = Audit(user, full, what);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var w = await ExcelSheetWriter.StartAsync(output, sheet, columns, ct);
        await foreach (var r in rows(db).AsAsyncEnumerable().WithCancellation(ct))
        {
            var school = writeRow(w, r);
            await w.WriteRowAsync(ct);
            log.Row(school);
        }
        await w.FinishAsync(ct);
        log.Completed = true;
    }

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

    // ---- 就业方案 (school admin): the agreements in force ----

    public string PlacementFileName(int? graduationYear, bool full) =>
        FileName($"就业方案{(graduationYear is { } y ? $"_{y}届" : "")}", full);

    public Task WritePlacementAsync(CurrentUser user, int? graduationYear, bool full, Stream output, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        var inForce = SigningStatuses.InForce.ToArray();
        return WriteAsync(user, full, "就业方案", "就业方案", PlacementColumns, db =>
            from s in db.Signings.AsNoTracking()
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
            }, (w, r) =>
            {
                w.Set(0, r.StudentNumber); w.Set(1, r.Name); w.Set(2, r.Gender); w.Set(3, Id(r.IdNumber, full)); w.Set(4, r.Faculty);
                w.Set(5, r.Major); w.Set(6, r.Degree); w.Set(7, r.Unit); w.Set(8, r.CreditCode); w.Set(9, r.Nature); w.Set(10, r.Location);
                w.Set(11, r.AgreementNumber);
                w.Set(12, r.VerifiedAt is { } at ? DateOnly.FromDateTime(ChinaTime.ToChina(at).DateTime) : null);
                return null;
            }, output, ct);
    }
}
