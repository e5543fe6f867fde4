namespace WllmSign.Portal.Features.Home;

public sealed record EmployerHomeView(string Name, string? Industry, string CreditCode, string? Address,
    DateTimeOffset? LastLoginAt, string? LastLoginIp, int ResidentSchools, int SigningTodo = 0, int TerminationTodo = 0, string? Size = null);

public sealed record StudentHomeView(string Name, string School, int GraduationYear, string Faculty, string Major,
    string Degree, string MaskedIdNumber, IReadOnlyList<PendingInvitation> Invitations, StudentAgreementSummary? Agreement,
    int PendingInvitations, int PendingTerminations);

/// <summary>An invitation awaiting the student's answer, with the key terms and the deadline (24:00 China time).</summary>
public sealed record PendingInvitation(int Id, string EmployerName, string Position, int ProbationDays, int ProbationSalary,
    int RegularSalary, string WorkPlace, DateTimeOffset Deadline);

/// <summary>The student's active agreement: with whom, and its status words.</summary>
public sealed record StudentAgreementSummary(int Id, string EmployerName, string Position, string StatusName,
    string ResponseText, string VerificationText);

public sealed record SchoolHomeView(string SchoolName, string Code, int GraduationYear, int GraduatesThisYear, int PendingResidencies,
    int SigningsAwaitingVerification, int TerminationsAwaitingVerification);

public sealed record SchoolRow(int Id, string Code, string Name, string City, string JobSiteName, bool IsActive, int SchoolAdmins);

/// <summary>What each role's home page shows, read for the signed-in user only.</summary>
public sealed class HomeService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<EmployerHomeView> EmployerAsync(CurrentUser user)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var e = await db.Employers.AsNoTracking().SingleAsync(x => x.Id == employerId);
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.UserId);
        var resident = await db.Residencies.CountAsync(r => r.EmployerId == employerId && r.Status == ResidencyStatus.Approved);
        var signingTodo = await db.Signings.CountAsync(PendingCounts.EmployerSigning(employerId, clock.GetUtcNow()));
        var terminationTodo = await db.Signings.CountAsync(PendingCounts.EmployerTermination(employerId));
        return new EmployerHomeView(e.Name, e.Industry, e.CreditCode, e.Address,
            account.PreviousLoginAt ?? account.LastLoginAt, account.PreviousLoginAt is null ? account.LastLoginIp : account.PreviousLoginIp, resident,
            signingTodo, terminationTodo, e.Size);
    }

    public async Task<StudentHomeView> StudentAsync(CurrentUser user)
    {
        var studentId = user.RequireStudent();
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await (from s in db.Students.AsNoTracking()
                         join sc in db.Schools on s.SchoolId equals sc.Id
                         where s.Id == studentId
                         select new { s, School = sc.Name }).SingleAsync();
        var now = clock.GetUtcNow();
        var invitations = await (from s in db.Signings.AsNoTracking().Where(PendingCounts.StudentInvitations(studentId, now))
                                 join e in db.Employers on s.EmployerId equals e.Id
                                 orderby s.Deadline
                                 select new PendingInvitation(s.Id, e.Name, s.Offer.Position, s.Offer.ProbationDays,
                                     s.Offer.ProbationSalary, s.Offer.RegularSalary, s.Offer.WorkPlace, s.Deadline)).ToListAsync();
        var active = await (from s in db.Signings.AsNoTracking().Where(SigningStatuses.ActiveAgreementOf(studentId))
                            join e in db.Employers on s.EmployerId equals e.Id
                            select new { s.Id, Employer = e.Name, s.Offer.Position, s.Status, s.TerminationVerificationRejected })
            .FirstOrDefaultAsync();
        var agreement = active is null ? null : new StudentAgreementSummary(active.Id, active.Employer, active.Position,
            SigningStatusText.StatusName(active.Status), SigningStatusText.ResponseText(active.Status),
            SigningStatusText.VerificationText(active.Status, active.TerminationVerificationRejected));
        var terminations = await db.Signings.CountAsync(PendingCounts.StudentTerminations(studentId));
        return new StudentHomeView(row.s.Name, row.School, row.s.GraduationYear, row.s.Faculty, row.s.Major, row.s.Degree,
            IdNumber.Mask(row.s.IdNumber), invitations, agreement, invitations.Count, terminations);
    }

    public async Task<SchoolHomeView> SchoolAsync(CurrentUser user)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync();
        var school = await db.Schools.AsNoTracking().SingleAsync(s => s.Id == schoolId);
        var year = WllmSign.Domain.Students.GraduationYear.Current(clock);
        var graduates = await db.Students.CountAsync(s => s.SchoolId == schoolId && s.GraduationYear == year);
        var pending = await db.Residencies.CountAsync(r => r.SchoolId == schoolId && r.Status == ResidencyStatus.Pending);
        var signings = await db.Signings.CountAsync(PendingCounts.SchoolSigningVerifications(schoolId));
        var terminations = await db.Signings.CountAsync(PendingCounts.SchoolTerminationVerifications(schoolId));
        return new SchoolHomeView(school.Name, school.Code, year, graduates, pending, signings, terminations);
    }

    public async Task<IReadOnlyList<SchoolRow>> SchoolsAsync(CurrentUser user)
    {
        if (user.Role != Roles.AllianceAdmin) throw new UnauthorizedAccessException();
        await using var db = await dbFactory.CreateDbContextAsync();
        var admins = await db.Users.Where(u => u.SchoolId != null).GroupBy(u => u.SchoolId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var schools = await db.Schools.AsNoTracking().OrderBy(s => s.Code).ToListAsync();
        return schools.Select(s => new SchoolRow(s.Id, s.Code, s.Name, s.City, s.JobSiteName, s.IsActive, admins.GetValueOrDefault(s.Id))).ToList();
    }
}
