namespace WllmSign.Portal.Features.SchoolAdmin.Roster;

/// <summary>The roster search; every field is optional and matched in the database.</summary>
public sealed class RosterFilter
{
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? StudentNumber { get; set; }
    public string? Faculty { get; set; }
    public string? Major { get; set; }
    public int? GraduationYear { get; set; }

    /// <summary>The query string by which 导出 receives exactly this filter.</summary>
    public string ToQueryString() => ListQuery.Build(new()
    {
        ["year"] = ListQuery.Int(GraduationYear), ["faculty"] = Faculty, ["major"] = Major, ["name"] = Name, ["id"] = IdNumber,
        ["number"] = StudentNumber,
    });

    public static RosterFilter FromQuery(IQueryCollection q) => new()
    {
        GraduationYear = ListQuery.ParseInt(q["year"]), Faculty = ListQuery.Clean(q["faculty"]), Major = ListQuery.Clean(q["major"]),
        Name = ListQuery.Clean(q["name"]), IdNumber = ListQuery.Clean(q["id"]), StudentNumber = ListQuery.Clean(q["number"]),
    };
}

/// <summary>One graduate of the roster with their current signing status (computed in the query).</summary>
public sealed record RosterRow(int Id, string Name, string MaskedIdNumber, string Gender, string StudentNumber, string Faculty,
    string Major, string Degree, int GraduationYear, string Status);

/// <summary>The fields of the add / edit dialog (the Student aggregate validates them).</summary>
public sealed class StudentForm
{
    public int? Id { get; set; }
    public int GraduationYear { get; set; }
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? StudentNumber { get; set; }
    public string? Faculty { get; set; }
    public string? Major { get; set; }
    public string? Degree { get; set; } = "本科生毕业";
    public string? PoliticalStatus { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
}

/// <summary>The school's graduates (毕业生名单): search, status, add and edit by hand.</summary>
public sealed class RosterService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, WllmSign.Portal.Features.Audit.IAuditLog audit)
{
    public const string DuplicateMessage = "本校该毕业年度已有此身份证号的学生，不能重复添加";

    /// <summary>The status words of the roster.</summary>
    public const string NotSigned = "未签约", Awaiting = "待鉴证", Signed = "已签约", Terminated = "已解约";

    public async Task<Page<RosterRow>> SearchAsync(CurrentUser user, RosterFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, schoolId, filter);

        var total = await query.CountAsync(ct);
        var now = clock.GetUtcNow();
        var signings = db.Signings;
        var open = SigningStatuses.EffectiveStatusIs(SigningStatus.Invited, now);
        var inForce = SigningStatuses.InForce.ToArray();
        var isVoid = SigningStatuses.Void.ToArray();
        var rows = await query.Skip(page.Skip).Take(page.Take)
            .Select(s => new
            {
                s.Id, s.Name, s.IdNumber, s.Gender, s.StudentNumber, s.Faculty, s.Major, s.Degree, s.GraduationYear,
                Signed = signings.Any(x => x.StudentId == s.Id && Enumerable.Contains(inForce, x.Status)),
                Awaiting = signings.Any(x => x.StudentId == s.Id && x.Status == SigningStatus.AwaitingVerification),
                Terminated = signings.Any(x => x.StudentId == s.Id && Enumerable.Contains(isVoid, x.Status)),
                Open = signings.Where(open).Count(x => x.StudentId == s.Id),
            })
            .ToListAsync(ct);
        return new Page<RosterRow>(rows.Select(r => new RosterRow(r.Id, r.Name, IdNumber.Mask(r.IdNumber), r.Gender, r.StudentNumber,
            r.Faculty, r.Major, r.Degree, r.GraduationYear, StatusText(r.Signed, r.Awaiting, r.Open, r.Terminated))).ToList(), total);
    }

    /// <summary>
    /// The school's graduates narrowed by the roster's filter, in the roster's order (毕业年度 newest first, then 院系, 专业,
    /// 学号): the one query behind the list and its 导出 (<see cref="RosterExport"/>).
    /// </summary>
    public static IQueryable<Student> Filtered(AppDbContext db, int schoolId, RosterFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Students.AsNoTracking().Where(s => s.SchoolId == schoolId);
        if (ListQuery.Clean(filter.Name) is { } name) query = query.Where(s => s.Name.Contains(name));
        if (ListQuery.Clean(filter.IdNumber) is { } idNumber) query = query.Where(s => s.IdNumber == idNumber.ToUpperInvariant());
        if (ListQuery.Clean(filter.StudentNumber) is { } number) query = query.Where(s => s.StudentNumber == number);
        if (ListQuery.Clean(filter.Faculty) is { } faculty) query = query.Where(s => s.Faculty == faculty);
        if (ListQuery.Clean(filter.Major) is { } major) query = query.Where(s => s.Major == major);
        if (filter.GraduationYear is { } year) query = query.Where(s => s.GraduationYear == year);
        return query.OrderByDescending(s => s.GraduationYear).ThenBy(s => s.Faculty).ThenBy(s => s.Major).ThenBy(s => s.StudentNumber).ThenBy(s => s.Id);
    }

    /// <summary>已签约 before 待鉴证 before 待应约 n before 已解约; otherwise 未签约.</summary>
    public static string StatusText(bool signed, bool awaitingVerification, int openInvitations, bool terminated) =>
        signed ? Signed
        : awaitingVerification ? Awaiting
        : openInvitations > 0 ? $"待应约 {openInvitations}"
        : terminated ? Terminated
        : NotSigned;

    /// <summary>
    /// The student's full record for the edit dialog, or null. The dialog shows the full ID number (the school is
    /// entitled, and must see it to correct it): opening it is an audit entry (查看完整身份证号).
    /// </summary>
    public async Task<StudentForm?> GetAsync(CurrentUser user, int studentId)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await db.Students.AsNoTracking().SingleOrDefaultAsync(x => x.Id == studentId && x.SchoolId == schoolId);
        if (s is null) return null;
        audit.Add(db, WllmSign.Portal.Features.Audit.AuditActor.Of(user), WllmSign.Domain.Audit.AuditActions.FullIdViewed,
            $"编辑学生 {s.Name}（学号 {s.StudentNumber}）", schoolId);
        await db.SaveChangesAsync();
        return new StudentForm
        {
            Id = s.Id, GraduationYear = s.GraduationYear, Name = s.Name, IdNumber = s.IdNumber, StudentNumber = s.StudentNumber,
            Faculty = s.Faculty, Major = s.Major, Degree = s.Degree, PoliticalStatus = s.PoliticalStatus, Phone = s.Phone,
            Email = s.Email, Address = s.Address,
        };
    }

    /// <summary>Adds (no Id) or edits a student of the admin's school; returns the student's id.</summary>
    public async Task<int> SaveAsync(CurrentUser user, StudentForm form)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(form);
        await using var db = await dbFactory.CreateDbContextAsync();
        Student student;
        if (form.Id is { } id)
        {
            student = await db.Students.SingleOrDefaultAsync(s => s.Id == id && s.SchoolId == schoolId)
                ?? throw new DomainException("未找到该学生，或不属于本校");
            student.SetRoster(form.GraduationYear, form.Name ?? "", form.IdNumber ?? "", form.StudentNumber ?? "", form.Faculty ?? "", form.Major ?? "", form.Degree ?? "");
        }
        else
        {
            student = new Student(schoolId, form.GraduationYear, form.Name ?? "", form.IdNumber ?? "", form.StudentNumber ?? "", form.Faculty ?? "", form.Major ?? "", form.Degree ?? "");
            db.Students.Add(student);
        }
        student.SetContact(form.PoliticalStatus, form.Phone, form.Email, form.Address);

        var duplicate = await db.Students.AnyAsync(s => s.SchoolId == schoolId && s.GraduationYear == student.GraduationYear
            && s.IdNumber == student.IdNumber && s.Id != student.Id);
        if (duplicate) throw new DomainException(DuplicateMessage);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw new DomainException(DuplicateMessage); // the unique index: someone added the same number a moment ago
        }
        return student.Id;
    }

    /// <summary>The graduation years present on the roster, newest first, plus the current one.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CurrentUser user)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync();
        var years = await db.Students.Where(s => s.SchoolId == schoolId).Select(s => s.GraduationYear).Distinct().ToListAsync();
        years.Add(WllmSign.Domain.Students.GraduationYear.Current(clock));
        return years.Distinct().OrderDescending().ToList();
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => DbErrors.IsUniqueViolation(ex);

    public int CurrentYear => WllmSign.Domain.Students.GraduationYear.Current(clock);
}
