namespace WllmSign.Portal.Features.SchoolAdmin.Data;

/// <summary>The 数据管理 filters of the school; all applied in the database.</summary>
public sealed class SchoolDataFilter
{
    public int? GraduationYear { get; set; }
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? Major { get; set; }
    public string? EmployerName { get; set; }
    public DateTime? InvitedFrom { get; set; }
    public DateTime? InvitedTo { get; set; }
    /// <summary>The effective status (an Invited signing past its deadline counts as Expired).</summary>
    public SigningStatus? Status { get; set; }

    /// <summary>The query string by which 导出 receives exactly this filter.</summary>
    public string ToQueryString() => ListQuery.Build(new()
    {
        ["year"] = ListQuery.Int(GraduationYear),
        ["name"] = Name,
        ["id"] = IdNumber,
        ["major"] = Major,
        ["employer"] = EmployerName,
        ["from"] = ListQuery.Date(InvitedFrom is { } from ? DateOnly.FromDateTime(from) : null),
        ["to"] = ListQuery.Date(InvitedTo is { } to ? DateOnly.FromDateTime(to) : null),
        ["status"] = ListQuery.Enum(Status),
    });

    public static SchoolDataFilter FromQuery(IQueryCollection q) => new()
    {
        GraduationYear = ListQuery.ParseInt(q["year"]),
        Name = ListQuery.Clean(q["name"]),
        IdNumber = ListQuery.Clean(q["id"]),
        Major = ListQuery.Clean(q["major"]),
        EmployerName = ListQuery.Clean(q["employer"]),
        InvitedFrom = ListQuery.ParseDate(q["from"]) is { } from ? from.ToDateTime(TimeOnly.MinValue) : null,
        InvitedTo = ListQuery.ParseDate(q["to"]) is { } to ? to.ToDateTime(TimeOnly.MinValue) : null,
        Status = ListQuery.ParseEnum<SigningStatus>(q["status"]),
    };
}

public sealed record SchoolDataRow(int Id, string StudentName, string MaskedIdNumber, string Faculty, string Major, int GraduationYear,
    string EmployerName, string Position, DateTimeOffset InvitedAt, string ResponseText, string VerificationText, string? AgreementNumber);

/// <summary>Every signing of the school's students (数据管理), and one signing's detail.</summary>
public sealed class SchoolDataService(IDbContextFactory<AppDbContext> dbFactory, SigningDetailService details, TimeProvider clock)
{
    public async Task<Page<SchoolDataRow>> SearchAsync(CurrentUser user, SchoolDataFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var signings = FilteredSignings(db, schoolId, filter, now);

        // Both foreign keys are required, so the joins of Filtered() cannot change the count: count the signings alone.
        var total = await signings.CountAsync(ct);
        var ids = await signings.OrderByDescending(s => s.InvitedAt).ThenByDescending(s => s.Id).Select(s => s.Id)
            .Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        // The page's rows with the shown values from Students and Employers, in the order of the ids.
        var byId = await Rows(db, db.Signings.AsNoTracking().Where(s => ids.Contains(s.Id))).ToDictionaryAsync(r => r.Id, ct);
        var rows = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        return new Page<SchoolDataRow>(rows.Select(r => Shown(r, now)).ToList(), total);
    }

    /// <summary>A row as the list shows it and its 导出 writes it: masked ID number, the status words.</summary>
    public static SchoolDataRow Shown(SchoolSigningRow r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
        return new SchoolDataRow(r.Id, r.Name, IdNumber.Mask(r.IdNumber), r.Faculty, r.Major, r.GraduationYear, r.Employer, r.Position,
            r.InvitedAt, SigningStatusText.ResponseText(status), SigningStatusText.VerificationText(status, r.TerminationVerificationRejected), r.AgreementNumber);
    }

    /// <summary>
    /// The school's signings narrowed by the data filters, on <c>Signings</c> alone: 姓名, 身份证号 and 专业 use the
    /// signing's copies (<see cref="SigningSearchCopies"/>, kept equal to the student's and the employer's rows by the
    /// database), and so does 用人单位; so the count and the page's ids come from one index (decision 015).
    /// </summary>
    public static IQueryable<Signing> FilteredSignings(AppDbContext db, int schoolId, SchoolDataFilter filter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var signings = db.Signings.AsNoTracking().Where(s => s.SchoolId == schoolId);
        if (filter.Status is { } wanted) signings = signings.Where(SigningStatuses.EffectiveStatusIs(wanted, now));
        if (filter.GraduationYear is { } year) signings = signings.Where(s => s.GraduationYear == year);
        if (ListQuery.Clean(filter.Name) is { } name) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentName).Contains(name));
        if (ListQuery.Clean(filter.IdNumber) is { } id)
        {
            var upper = id.ToUpperInvariant();
            signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentIdNumber) == upper);
        }
        if (ListQuery.Clean(filter.Major) is { } major) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentMajor).Contains(major));
        if (ListQuery.Clean(filter.EmployerName) is { } employer)
            signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.EmployerName).Contains(employer));
        var (from, to) = ListQuery.ChinaDayRange(
            filter.InvitedFrom is { } f ? DateOnly.FromDateTime(f) : null, filter.InvitedTo is { } t ? DateOnly.FromDateTime(t) : null);
        if (from is { } fromUtc) signings = signings.Where(s => s.InvitedAt >= fromUtc);
        if (to is { } toUtc) signings = signings.Where(s => s.InvitedAt < toUtc);
        return signings;
    }

    /// <summary>
    /// The school's signings narrowed by the data filters, newest invitation first: the one query of the list
    /// and of its 导出.
    /// </summary>
    public static IQueryable<SchoolSigningRow> Filtered(AppDbContext db, int schoolId, SchoolDataFilter filter, DateTimeOffset now) =>
        Rows(db, FilteredSignings(db, schoolId, filter, now)).OrderByDescending(r => r.InvitedAt).ThenByDescending(r => r.Id);

    private static IQueryable<SchoolSigningRow> Rows(AppDbContext db, IQueryable<Signing> signings) =>
        from s in signings
        join st in db.Students on s.StudentId equals st.Id
        join e in db.Employers on s.EmployerId equals e.Id
        select new SchoolSigningRow
        {
            Id = s.Id, Name = st.Name, IdNumber = st.IdNumber, Faculty = st.Faculty, Major = st.Major,
            GraduationYear = s.GraduationYear, Employer = e.Name, Position = s.Offer.Position, InvitedAt = s.InvitedAt,
            Status = s.Status, Deadline = s.Deadline, TerminationVerificationRejected = s.TerminationVerificationRejected,
            AgreementNumber = s.AgreementNumber,
        };

    /// <summary>The detail of one of the school's signings, or null (another school's: the page shows 404).</summary>
    public Task<SigningDetail?> DetailAsync(CurrentUser user, int signingId)
    {
        user.RequireSchool();
        return details.GetAsync(user, signingId);
    }
}

/// <summary>A row of <see cref="SchoolDataService.Filtered"/>: stored values, before masking and status words.</summary>
public sealed class SchoolSigningRow
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string IdNumber { get; init; } = "";
    public string Faculty { get; init; } = "";
    public string Major { get; init; } = "";
    public int GraduationYear { get; init; }
    public string Employer { get; init; } = "";
    public string Position { get; init; } = "";
    public DateTimeOffset InvitedAt { get; init; }
    public SigningStatus Status { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public bool TerminationVerificationRejected { get; init; }
    public string? AgreementNumber { get; init; }
}
