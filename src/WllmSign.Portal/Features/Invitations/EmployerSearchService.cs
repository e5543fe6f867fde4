using WllmSign.Domain.Invitations;

namespace WllmSign.Portal.Features.Invitations;

/// <summary>The four keys of 签约搜索 (rule 2).</summary>
public sealed class StudentSearchForm
{
    public int? SchoolId { get; set; }
    public int? GraduationYear { get; set; }
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
}

public sealed record ResidentSchool(int Id, string Name);

/// <summary>The one student the four keys found: 毕业学校, 毕业年度, 姓名, 院系, 学历, 专业, 就业状态.</summary>
public sealed record FoundStudent(int StudentId, string School, int GraduationYear, string Name, string Faculty, string Degree,
    string Major, string EmploymentStatus, bool InSendList);

/// <summary>签约搜索 (manual 3.1.1) and 加入签约发送列表, for the signed-in employer only.</summary>
public sealed class EmployerSearchService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, CircuitRateLimits limits)
{
    public const string NotFoundMessage = "未找到符合条件的学生，请确认四项信息全部正确";
    public const string AddedMessage = "已加入签约发送列表";

    /// <summary>The schools where the employer's residency is approved: the only ones it may search (rule 1).</summary>
    public async Task<IReadOnlyList<ResidentSchool>> ResidentSchoolsAsync(CurrentUser user)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await (from r in db.Residencies
                      join s in db.Schools on r.SchoolId equals s.Id
                      where r.EmployerId == employerId && r.Status == ResidencyStatus.Approved && s.IsActive
                      orderby s.Code
                      select new ResidentSchool(s.Id, s.Name)).ToListAsync();
    }

    public int DefaultGraduationYear => WllmSign.Domain.Students.GraduationYear.Current(clock);

    /// <summary>The 毕业年度 to choose from: two years back to one year ahead of the current graduation year, newest first.</summary>
    public IReadOnlyList<int> GraduationYears => Enumerable.Range(DefaultGraduationYear - 2, 4).Reverse().ToList();

    /// <summary>
    /// The student matching all four keys exactly, or null (show <see cref="NotFoundMessage"/>). Never a near
    /// match. Throws <see cref="DomainException"/> for a missing or malformed key, a school where the employer
    /// is not resident, or too many searches.
    /// </summary>
    public async Task<FoundStudent?> SearchAsync(CurrentUser user, StudentSearchForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var employerId = user.RequireEmployer();
        limits.Acquire(CircuitAction.EmployerSearch, $"employer:{employerId}");
        var schoolId = form.SchoolId ?? throw new DomainException("请选择学校");
        var year = form.GraduationYear ?? throw new DomainException("请选择毕业年度");
        var name = Text.Required(form.Name, "学生姓名", 30);
        var id = Domain.Common.IdNumber.Parse(form.IdNumber).Value;

        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await IsResidentAsync(db, employerId, schoolId)) throw new DomainException(Signing.NoResidencyMessage);
        var row = await (from s in db.Students.AsNoTracking()
                         join sc in db.Schools on s.SchoolId equals sc.Id
                         where s.SchoolId == schoolId && s.GraduationYear == year && s.IdNumber == id && s.Name == name
                         select new { s.Id, School = sc.Name, s.GraduationYear, s.Name, s.Faculty, s.Degree, s.Major }).SingleOrDefaultAsync();
        if (row is null) return null;

        var now = clock.GetUtcNow();
        var signings = await db.Signings.Where(s => s.StudentId == row.Id)
            .Select(s => new { s.Status, s.Deadline }).ToListAsync();
        var inList = await db.SendList.AnyAsync(e => e.EmployerId == employerId && e.StudentId == row.Id);
        var status = EmploymentStatus(signings.Select(s => Signing.EffectiveStatus(s.Status, s.Deadline, now)));
        return new FoundStudent(row.Id, row.School, row.GraduationYear, row.Name, row.Faculty, row.Degree, row.Major, status, inList);
    }

    /// <summary>就业状态 from the student's signings: 已签约 (an active agreement, rule 6), 待应约 (an open invitation) or 未签约.</summary>
    public static string EmploymentStatus(IEnumerable<SigningStatus> effectiveStatuses)
    {
        var list = effectiveStatuses.ToList();
        if (list.Contains(SigningStatus.AwaitingVerification)) return "已签约（待学校鉴证）";
        if (list.Any(SigningStatuses.IsActiveAgreement)) return "已签约";
        if (list.Contains(SigningStatus.Invited)) return "待应约";
        return "未签约";
    }

    /// <summary>加入签约发送列表, under <see cref="SendListEntry.WhyCannotAdd"/> (rules 1, 3 and 6).</summary>
    public async Task<string> AddToSendListAsync(CurrentUser user, int studentId)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var schoolId = await db.Students.Where(s => s.Id == studentId).Select(s => (int?)s.SchoolId).SingleOrDefaultAsync()
                       ?? throw new DomainException(NotFoundMessage);
        var facts = new SendListFacts(
            ResidencyApproved: await IsResidentAsync(db, employerId, schoolId),
            AlreadyInList: await db.SendList.AnyAsync(e => e.EmployerId == employerId && e.StudentId == studentId),
            StudentHasActiveAgreement: await db.Signings.AnyAsync(SigningStatuses.ActiveAgreementOf(studentId)));
        if (SendListEntry.WhyCannotAdd(facts) is { } why) throw new DomainException(why);
        db.SendList.Add(new SendListEntry(employerId, studentId, clock.GetUtcNow()));
        try
        {
            await db.SaveOrConflictAsync();
        }
        catch (DomainException)
        {
            // The unique index (employer, student): another click added it first.
            throw new DomainException(SendListEntry.AlreadyInListMessage);
        }
        return AddedMessage;
    }

    private static Task<bool> IsResidentAsync(AppDbContext db, int employerId, int schoolId) =>
        db.Residencies.AnyAsync(r => r.EmployerId == employerId && r.SchoolId == schoolId && r.Status == ResidencyStatus.Approved);
}
