using WllmSign.Domain.Invitations;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// 导入拟签约名单 (manual 3.1.2): each row (毕业学校, 毕业年度, 姓名, 身份证号) that matches a student on all four keys
/// (rule 2), at a school where the employer is resident (rule 1), not yet on its send list (rule 3) and without an
/// active agreement (rule 6), joins the signed-in employer's send list. Students are matched in batches (a few
/// queries whatever the number of rows); the accepted rows are saved in one transaction.
/// </summary>
public sealed class SendListImportService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, RejectedRowsStore store, ExcelLimits limits,
    WllmSign.Portal.Infrastructure.CircuitRateLimits rateLimits)
{
    /// <summary>ID numbers per lookup query (one array parameter): a 10,000-row file is one query, the largest file
    /// allowed by default (ExcelLimits.MaxRows, decision 020) two.</summary>
    public const int ChunkSize = 10_000;

    /// <summary>ID numbers per lookup query; tests lower it to cross chunk edges with small files.</summary>
    internal int LookupChunk { get; init; } = ChunkSize;

    /// <summary>Rows per INSERT statement; tests lower it to cross statement edges with small files.</summary>
    internal int RowsPerInsert { get; init; } = SendListBulkWriter.RowsPerStatement;

    /// <summary>The only answer for a row that matches nobody: it never says which of the four keys differed.</summary>
    public const string NotFoundMessage = "未找到该学生（学校、毕业年度、姓名、身份证号须全部一致）";
    public const string UnknownSchoolMessage = "未找到该学校（请从下拉列表中选择已入驻的学校）";
    public const string DuplicateMessage = "文件中重复";

    private sealed record Candidate(RejectedRow Source, int SchoolId, int Year, string Name, string IdNumber)
    {
        public StudentFacts? Student { get; set; }
    }

    /// <summary>A student found by ID number, with whether it is on this employer's list and has an active agreement.</summary>
    private sealed record StudentFacts(int Id, int SchoolId, int GraduationYear, string IdNumber, string Name, bool InList, bool HasActiveAgreement);

    /// <summary>
    /// Imports <paramref name="upload"/> for the signed-in employer. A bad file throws <see cref="DomainException"/>
    /// (nothing changed); otherwise the result lists every rejected row with its reason. Progress 0–100.
    /// </summary>
    public async Task<ExcelImportResult> ImportAsync(CurrentUser user, Stream upload, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        var spec = ExcelSheets.SendList;
        var rows = await ExcelSheetReader.ReadAsync(upload, spec, limits, Scale(progress, 0, 40), ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var schools = await db.Schools.AsNoTracking().Select(s => new { s.Id, s.Name, s.Code }).ToListAsync(ct);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in schools)
        {
            byName.TryAdd(s.Name, s.Id);
            byName.TryAdd(s.Code, s.Id);
        }
        var resident = (await db.Residencies.AsNoTracking()
            .Where(r => r.EmployerId == employerId && r.Status == ResidencyStatus.Approved)
            .Select(r => r.SchoolId).ToListAsync(ct)).ToHashSet();

        var rejected = new List<RejectedRow>();
        var candidates = new List<Candidate>();
        int iSchool = spec.IndexOf(ExcelSheets.School), iYear = spec.IndexOf(ExcelSheets.Year),
            iName = spec.IndexOf(ExcelSheets.Name), iId = spec.IndexOf(ExcelSheets.IdNumber);
        foreach (var row in rows)
        {
            var source = new RejectedRow(row.RowNumber, row.Texts(), "");
            var why = ParseRow(row, iSchool, iYear, iName, iId, out var schoolText, out var year, out var name, out var idNumber);
            var schoolId = 0;
            if (why is null && !byName.TryGetValue(schoolText, out schoolId)) why = UnknownSchoolMessage;
            if (why is null && !resident.Contains(schoolId))
                why = SendListEntry.WhyCannotAdd(new SendListFacts(ResidencyApproved: false, AlreadyInList: false, StudentHasActiveAgreement: false));
            if (why is not null) rejected.Add(source with { Reason = why });
            else candidates.Add(new Candidate(source, schoolId, year, name, idNumber));
        }
        progress?.Report(50);

        // One set-based query per chunk (decision 029): the students with these ID numbers, each with the two facts
        // rules 3 and 6 need (on this employer's send list; an active agreement), found by correlated index lookups.
        // The ID numbers travel as one array parameter (json_each on SQLite, = ANY on PostgreSQL), so a chunk can be
        // the whole file; all four keys are then compared in memory (rule 2).
        var students = new Dictionary<(int, int, string), StudentFacts>();
        var active = SigningStatuses.ActiveAgreement.ToList();
        foreach (var chunk in candidates.Select(c => c.IdNumber).Distinct().Chunk(LookupChunk))
        {
            var found = await db.Students.AsNoTracking().Where(s => EF.Parameter(chunk).Contains(s.IdNumber))
                .Select(s => new StudentFacts(s.Id, s.SchoolId, s.GraduationYear, s.IdNumber, s.Name,
                    db.SendList.Any(e => e.EmployerId == employerId && e.StudentId == s.Id),
                    db.Signings.Any(g => g.StudentId == s.Id && active.Contains(g.Status))))
                .ToListAsync(ct);
            foreach (var s in found) students[(s.SchoolId, s.GraduationYear, s.IdNumber)] = s;
        }
        // Not an oracle (decision 019): each row that matches nobody spends one 签约搜索 of the employer's budget
        // (RateLimits:EmployerSearch, shared with the search page); once it is spent, this row and every row after
        // it are refused with the wait, matching or not, so a file cannot test more keys than searches could.
        // Duplicates are judged after matching: a row with a wrong name does not hide a later right row of the same
        // student; the second row that finds the same student is the duplicate.
        var matched = new List<Candidate>();
        var seen = new HashSet<int>();
        string? exhausted = null;
        foreach (var c in candidates)
        {
            if (exhausted is not null)
            {
                rejected.Add(c.Source with { Reason = exhausted });
            }
            else if (students.TryGetValue((c.SchoolId, c.Year, c.IdNumber), out var s) && s.Name == c.Name)
            {
                c.Student = s;
                if (seen.Add(s.Id)) matched.Add(c);
                else rejected.Add(c.Source with { Reason = DuplicateMessage });
            }
            else if (rateLimits.TryAcquire(WllmSign.Portal.Infrastructure.CircuitAction.EmployerSearch, $"employer:{employerId}", out var refusal))
            {
                rejected.Add(c.Source with { Reason = NotFoundMessage });
            }
            else
            {
                exhausted = refusal;
                rejected.Add(c.Source with { Reason = exhausted });
            }
        }
        progress?.Report(60);

        var accepted = new List<Candidate>();
        foreach (var c in matched)
        {
            // Residency was checked per row above, before the student lookup spent anything.
            var why = SendListEntry.WhyCannotAdd(new SendListFacts(ResidencyApproved: true,
                AlreadyInList: c.Student!.InList, StudentHasActiveAgreement: c.Student.HasActiveAgreement));
            if (why is not null) rejected.Add(c.Source with { Reason = why });
            else accepted.Add(c);
        }
        progress?.Report(70);

        // One import, one moment: every row it adds carries the same AddedAt.
        var now = clock.GetUtcNow();
        await SaveAsync(db, accepted.Select(c => new SendListEntry(employerId, c.Student!.Id, now)).ToList(), progress, ct);

        rejected.Sort((a, b) => a.RowNumber.CompareTo(b.RowNumber));
        var result = new ExcelImportResult(ExcelImportKind.SendList, accepted.Count, 0, rejected);
        if (rejected.Count > 0) result = result with { RejectedFileId = store.Add(user.UserId, ExcelImportKind.SendList, rejected) };
        progress?.Report(100);
        return result;
    }

    private static string? ParseRow(ExcelRow row, int iSchool, int iYear, int iName, int iId,
        out string school, out int year, out string name, out string idNumber)
    {
        school = ExcelCells.Text(row[iSchool]);
        name = ExcelCells.Text(row[iName]);
        idNumber = "";
        year = 0;
        if (school.Length == 0) return "请填写毕业学校";
        if (ExcelCells.IsBlank(row[iYear])) return "请填写毕业年度";
        if (!ExcelCells.TryYear(row[iYear], out year, out var yearError)) return yearError;
        if (name.Length == 0) return "请填写姓名";
        if (!ExcelCells.TryIdNumber(row[iId], out idNumber, out var idError)) return idError;
        return null;
    }

    /// <summary>All entries in one transaction (progress 70–100); any failure rolls back all of them.</summary>
    private async Task SaveAsync(AppDbContext db, List<SendListEntry> entries, IProgress<int>? progress, CancellationToken ct)
    {
        if (entries.Count == 0) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SendListBulkWriter.InsertAsync(db, entries, Scale(progress, 70, 100), ct, RowsPerInsert);
        await tx.CommitAsync(ct);
    }

    /// <summary>Maps the 0–100 progress of a step into [from, to] of the whole.</summary>
    internal static IProgress<int>? Scale(IProgress<int>? progress, int from, int to) =>
        progress is null ? null : new Scaled(progress, from, to);

    private sealed class Scaled(IProgress<int> inner, int from, int to) : IProgress<int>
    {
        public void Report(int value) => inner.Report(from + (to - from) * Math.Clamp(value, 0, 100) / 100);
    }
}
