using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Invitations;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;

using WllmSign.Portal.Features.Excel;

namespace WllmSign.Excel.Benchmarks;

/// <summary>
/// FROZEN COPY of <c>SendListImportService</c> as it was on main before issue #19 (decision 029), kept only so that the
/// <c>upload --big</c> measurement can time the old code and the new code in the same run, on the same database, under
/// the same load. Not used by the portal. Original summary:
/// 导入拟签约名单 (manual 3.1.2): each row (毕业学校, 毕业年度, 姓名, 身份证号) that matches a student on all four keys
/// (rule 2), at a school where the employer is resident (rule 1), not yet on its send list (rule 3) and without an
/// active agreement (rule 6), joins the signed-in employer's send list. Students are matched in batches (a few
/// queries whatever the number of rows); the accepted rows are saved in one transaction.
/// </summary>
public sealed class OldSendListImportService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, RejectedRowsStore store, ExcelLimits limits,
    WllmSign.Portal.Infrastructure.CircuitRateLimits rateLimits)
{
    public const int ChunkSize = 1000;

    /// <summary>The only answer for a row that matches nobody: it never says which of the four keys differed.</summary>
    public const string NotFoundMessage = "未找到该学生（学校、毕业年度、姓名、身份证号须全部一致）";
    public const string UnknownSchoolMessage = "未找到该学校（请从下拉列表中选择已入驻的学校）";
    public const string DuplicateMessage = "文件中重复";

    private sealed record Candidate(RejectedRow Source, int SchoolId, int Year, string Name, string IdNumber)
    {
        public int StudentId { get; set; }
    }

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

        // Students by ID number, a chunk at a time; then all four keys are compared in memory (rule 2).
        var students = new Dictionary<(int, int, string), (int Id, string Name)>();
        foreach (var chunk in candidates.Select(c => c.IdNumber).Distinct().Chunk(ChunkSize))
        {
            var found = await db.Students.AsNoTracking().Where(s => chunk.Contains(s.IdNumber))
                .Select(s => new { s.Id, s.SchoolId, s.GraduationYear, s.IdNumber, s.Name }).ToListAsync(ct);
            foreach (var s in found) students[(s.SchoolId, s.GraduationYear, s.IdNumber)] = (s.Id, s.Name);
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
                c.StudentId = s.Id;
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

        var inList = new HashSet<int>();
        var withAgreement = new HashSet<int>();
        var active = SigningStatuses.ActiveAgreement.ToList();
        foreach (var chunk in matched.Select(c => c.StudentId).Distinct().Chunk(ChunkSize))
        {
            inList.UnionWith(await db.SendList.AsNoTracking().Where(e => e.EmployerId == employerId && chunk.Contains(e.StudentId))
                .Select(e => e.StudentId).ToListAsync(ct));
            withAgreement.UnionWith(await db.Signings.AsNoTracking().Where(s => chunk.Contains(s.StudentId) && active.Contains(s.Status))
                .Select(s => s.StudentId).Distinct().ToListAsync(ct));
        }
        var accepted = new List<Candidate>();
        foreach (var c in matched)
        {
            // Residency was checked per row above, before the student lookup spent anything.
            var why = SendListEntry.WhyCannotAdd(new SendListFacts(ResidencyApproved: true,
                AlreadyInList: inList.Contains(c.StudentId), StudentHasActiveAgreement: withAgreement.Contains(c.StudentId)));
            if (why is not null) rejected.Add(c.Source with { Reason = why });
            else accepted.Add(c);
        }
        progress?.Report(70);

        await SaveAsync(db, accepted.Select(c => new SendListEntry(employerId, c.StudentId, clock.GetUtcNow())).ToList(), progress, ct);

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
    private static async Task SaveAsync(AppDbContext db, List<SendListEntry> entries, IProgress<int>? progress, CancellationToken ct)
    {
        if (entries.Count == 0) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await OldSendListBulkWriter.InsertAsync(db, entries, Scale(progress, 70, 100), ct);
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
