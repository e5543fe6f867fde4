namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// 学生名单 import for a school admin: a row whose 身份证号 is already on the school's roster for that 毕业年度 updates
/// that student (<see cref="Student.SetRoster"/>, <see cref="Student.SetContact"/>; blank optional cells keep what the
/// student has); any other row adds a student. Never deletes. One transaction.
/// </summary>
public sealed class RosterImportService(IDbContextFactory<AppDbContext> dbFactory, RejectedRowsStore store, ExcelLimits limits)
{
    public const int ChunkSize = 1000;
    public const string GenderMismatchMessage = "性别与身份证号不符";
    public const string GenderValueMessage = "性别只能填写男或女（也可不填）";
    public const string DuplicateMessage = SendListImportService.DuplicateMessage;

    private sealed record Parsed(ExcelRow Row, int Year, string IdNumber, Student Probe);

    public async Task<ExcelImportResult> ImportAsync(CurrentUser user, Stream upload, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        var spec = ExcelSheets.Roster;
        var rows = await ExcelSheetReader.ReadAsync(upload, spec, limits, SendListImportService.Scale(progress, 0, 40), ct);

        var rejected = new List<RejectedRow>();
        var parsed = new List<Parsed>();
        var seen = new HashSet<(int, string)>();
        foreach (var row in rows)
        {
            string? why;
            Parsed? p = null;
            try
            {
                p = Parse(row, schoolId, spec, out why);
            }
            catch (DomainException ex)
            {
                why = ex.Message;
            }
            if (why is null && !seen.Add((p!.Year, p.IdNumber))) why = DuplicateMessage;
            if (why is not null) rejected.Add(new RejectedRow(row.RowNumber, row.Texts(), why));
            else parsed.Add(p!);
        }
        progress?.Report(55);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var existing = new Dictionary<(int, string), Student>();
        foreach (var chunk in parsed.Select(p => p.IdNumber).Distinct().Chunk(ChunkSize))
        {
            var found = await db.Students.Where(s => s.SchoolId == schoolId && chunk.Contains(s.IdNumber)).ToListAsync(ct);
            foreach (var s in found) existing[(s.GraduationYear, s.IdNumber)] = s;
        }
        progress?.Report(65);

        int added = 0, updated = 0;
        var iPolitical = spec.IndexOf(ExcelSheets.Political);
        var iPhone = spec.IndexOf(ExcelSheets.Phone);
        var iEmail = spec.IndexOf(ExcelSheets.Email);
        foreach (var p in parsed)
        {
            if (existing.TryGetValue((p.Year, p.IdNumber), out var student))
            {
                // The probe already passed every check with the same values: these calls cannot fail half-way.
                student.SetRoster(p.Year, p.Probe.Name, p.IdNumber, p.Probe.StudentNumber, p.Probe.Faculty, p.Probe.Major, p.Probe.Degree);
                student.SetContact(
                    ExcelCells.IsBlank(p.Row[iPolitical]) ? student.PoliticalStatus : p.Probe.PoliticalStatus,
                    ExcelCells.IsBlank(p.Row[iPhone]) ? student.Phone : p.Probe.Phone,
                    ExcelCells.IsBlank(p.Row[iEmail]) ? student.Email : p.Probe.Email,
                    student.Address);
                updated++;
            }
            else
            {
                db.Students.Add(p.Probe);
                added++;
            }
        }
        progress?.Report(75);

        if (parsed.Count > 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.ChangeTracker.DetectChanges();
            await db.SaveOrConflictAsync(ct);
            await tx.CommitAsync(ct);
        }

        rejected.Sort((a, b) => a.RowNumber.CompareTo(b.RowNumber));
        var result = new ExcelImportResult(ExcelImportKind.Roster, added, updated, rejected);
        if (rejected.Count > 0) result = result with { RejectedFileId = store.Add(user.UserId, ExcelImportKind.Roster, rejected) };
        progress?.Report(100);
        return result;
    }

    /// <summary>Checks a row by building the student it describes (the domain validates); null reason when it is good.</summary>
    private static Parsed? Parse(ExcelRow row, int schoolId, ExcelSheetSpec spec, out string? why)
    {
        string T(string header) => ExcelCells.Text(row[spec.IndexOf(header)]);
        why = null;
        foreach (var c in spec.Columns.Where(c => c.Required && c.Kind == ExcelColumnKind.Text))
        {
            if (T(c.Header).Length == 0) { why = $"请填写{c.Header}"; return null; }
        }
        var yearCell = row[spec.IndexOf(ExcelSheets.Year)];
        if (ExcelCells.IsBlank(yearCell)) { why = "请填写毕业年度"; return null; }
        if (!ExcelCells.TryYear(yearCell, out var year, out var yearError)) { why = yearError; return null; }
        if (!ExcelCells.TryIdNumber(row[spec.IndexOf(ExcelSheets.IdNumber)], out var idNumber, out var idError)) { why = idError; return null; }
        var gender = T(ExcelSheets.Gender);
        if (gender.Length > 0 && !ExcelSheets.Genders.Contains(gender)) { why = GenderValueMessage; return null; }
        if (gender.Length > 0 && gender != IdNumber.Parse(idNumber).Gender) { why = GenderMismatchMessage; return null; }
        var probe = new Student(schoolId, year, T(ExcelSheets.Name), idNumber, T(ExcelSheets.StudentNumber),
            T(ExcelSheets.Faculty), T(ExcelSheets.Major), T(ExcelSheets.Degree));
        var political = RosterChoices.RequirePoliticalStatus(T(ExcelSheets.Political));
        probe.SetContact(political, NullIfEmpty(T(ExcelSheets.Phone)), NullIfEmpty(T(ExcelSheets.Email)), null);
        return new Parsed(row, year, idNumber, probe);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
