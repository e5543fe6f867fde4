namespace WllmSign.Portal.Features.SchoolAdmin.Statistics;

/// <summary>Counts of one 院系 / 专业 (or a total): students, not signings.</summary>
public sealed record SigningStats(string Faculty, string Major, int Graduates, int Invited, int Signed, int Terminated)
{
    /// <summary>签约率 = signed / graduates, as a percentage with one decimal (0 when there are no graduates).</summary>
    public double Rate => Graduates == 0 ? 0 : Math.Round(100.0 * Signed / Graduates, 1, MidpointRounding.AwayFromZero);

    public string RateText => Rate.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

/// <summary>The statistics page: per major, per faculty, and the school's total.</summary>
public sealed record SchoolStatistics(int GraduationYear, IReadOnlyList<SigningStats> ByMajor, IReadOnlyList<SigningStats> ByFaculty, SigningStats Total);

/// <summary>
/// 签约统计 of a school and graduation year, aggregated in the database (one GROUP BY over the roster with
/// a correlated EXISTS per measure): invited = any signing; signed = Effective or a termination not yet
/// approved; terminated = a Terminated agreement.
/// </summary>
public sealed class StatisticsService(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<SchoolStatistics> GetAsync(CurrentUser user, int graduationYear)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync();
        var signings = db.Signings;
        var inForce = SigningStatuses.InForce.ToArray();
        var isVoid = SigningStatuses.Void.ToArray();
        var flags = db.Students.AsNoTracking()
            .Where(s => s.SchoolId == schoolId && s.GraduationYear == graduationYear)
            .Select(s => new
            {
                s.Faculty,
                s.Major,
                Invited = signings.Any(x => x.StudentId == s.Id) ? 1 : 0,
                Signed = signings.Any(x => x.StudentId == s.Id && Enumerable.Contains(inForce, x.Status)) ? 1 : 0,
                Terminated = signings.Any(x => x.StudentId == s.Id && Enumerable.Contains(isVoid, x.Status)) ? 1 : 0,
            });
        var rows = await flags
            .GroupBy(x => new { x.Faculty, x.Major })
            .Select(g => new { g.Key.Faculty, g.Key.Major, Graduates = g.Count(), Invited = g.Sum(x => x.Invited), Signed = g.Sum(x => x.Signed), Terminated = g.Sum(x => x.Terminated) })
            .OrderBy(r => r.Faculty).ThenBy(r => r.Major)
            .ToListAsync();

        // The per-major groups are at most a few hundred rows: the faculty subtotals and the total add them up.
        var byMajor = rows.Select(r => new SigningStats(r.Faculty, r.Major, r.Graduates, r.Invited, r.Signed, r.Terminated)).ToList();
        var byFaculty = byMajor.GroupBy(r => r.Faculty).Select(g => Sum(g.Key, "", g)).ToList();
        return new SchoolStatistics(graduationYear, byMajor, byFaculty, Sum("合计", "", byMajor));
    }

    private static SigningStats Sum(string faculty, string major, IEnumerable<SigningStats> rows)
    {
        var list = rows.ToList();
        return new SigningStats(faculty, major, list.Sum(r => r.Graduates), list.Sum(r => r.Invited), list.Sum(r => r.Signed), list.Sum(r => r.Terminated));
    }
}
