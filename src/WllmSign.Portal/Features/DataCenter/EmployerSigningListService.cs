namespace WllmSign.Portal.Features.DataCenter;

/// <summary>
/// The employer's signing lists (数据管理 and 解约办理): the tab, the filter bar, sorting and one page, all
/// in the database (Signings joined with Students and Schools, then a count and Skip/Take), always
/// scoped to the signed-in employer.
/// </summary>
public sealed class EmployerSigningListService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>One page of a list of 数据管理 or 解约办理 (a <see cref="DataTab"/> or a <see cref="TerminationTab"/>).</summary>
    public Task<Page<SigningListRow>> ListAsync(CurrentUser user, SigningListTab tab, SigningListFilter filter, PageRequest page,
        SigningListOrder? order = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tab);
        var now = clock.GetUtcNow();
        return QueryAsync(user, TabFilter(tab, user.RequireEmployer(), now), filter, page, order ?? SigningListOrder.Newest,
            checkTermination: tab.Termination == TerminationTab.EffectiveAgreements, now, ct);
    }

    /// <summary>Which signings a tab of 数据管理 or 解约办理 lists.</summary>
    public static Func<IQueryable<Signing>, IQueryable<Signing>> TabFilter(SigningListTab tab, int employerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tab);
        return tab.Termination is { } termination ? TerminationFilter(termination, employerId) : TabFilter(tab.Tab, employerId, now);
    }

    /// <summary>
    /// Which signings a 数据管理 tab lists. 待应约 and 待解约 are the home page's 签约待办 and 解约待办 (the counts link to
    /// them), so they filter with the domain's PendingCounts: the count and the list are one set.
    /// </summary>
    private static Func<IQueryable<Signing>, IQueryable<Signing>> TabFilter(DataTab tab, int employerId, DateTimeOffset now) => tab switch
    {
        DataTab.AwaitingResponse => signings => signings.Where(PendingCounts.EmployerSigning(employerId, now)),
        DataTab.TerminationPending => signings => signings.Where(PendingCounts.EmployerTermination(employerId)),
        _ => signings => signings.Where(DataTabs.Filter(tab, now)),
    };

    /// <summary>
    /// Which signings a 解约办理 tab lists: the students' open requests, or the Effective agreements whose student never
    /// asked to terminate (the domain's PendingCounts.EmployerSignedSuccessfully; those the employer cannot act on any
    /// more stay listed, with 申请解约 disabled and the reason).
    /// </summary>
    private static Func<IQueryable<Signing>, IQueryable<Signing>> TerminationFilter(TerminationTab tab, int employerId) => tab switch
    {
        TerminationTab.StudentRequests => signings => signings.Where(PendingCounts.EmployerStudentRequests(employerId)),
        TerminationTab.EffectiveAgreements => signings => signings.Where(PendingCounts.EmployerSignedSuccessfully(employerId)),
        _ => throw new ArgumentOutOfRangeException(nameof(tab), tab, null),
    };

    /// <summary>The schools (where the employer is resident or has invited) and graduation years to choose from.</summary>
    public async Task<SigningFilterOptions> OptionsAsync(CurrentUser user, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schoolIds = db.Residencies.Where(r => r.EmployerId == employerId && r.Status == ResidencyStatus.Approved).Select(r => r.SchoolId)
            .Union(db.Signings.Where(s => s.EmployerId == employerId).Select(s => s.SchoolId));
        var schools = await db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id)).OrderBy(s => s.Code)
            .Select(s => new SchoolOption(s.Id, s.Code, s.Name)).ToListAsync(ct);
        var current = WllmSign.Domain.Students.GraduationYear.Current(clock);
        var invitedYears = await db.Signings.Where(s => s.EmployerId == employerId).Select(s => s.GraduationYear).Distinct().ToListAsync(ct);
        var years = invitedYears.Append(current).Append(current - 1).Distinct().OrderDescending().ToList();
        return new SigningFilterOptions(schools, years);
    }

    /// <summary>
    /// The employer's signings narrowed by a tab and the whole filter bar, on <c>Signings</c> alone: the student
    /// filters use the signing's copies of 姓名, 身份证号 and 专业 (<see cref="SigningSearchCopies"/>, kept equal to
    /// the student's row by the database), so the count and the page's ids come from one index (decision 015).
    /// </summary>
    public static IQueryable<Signing> FilteredSignings(AppDbContext db, int employerId, Func<IQueryable<Signing>, IQueryable<Signing>> tab,
        SigningListFilter filter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(filter);
        var signings = tab(db.Signings.AsNoTracking().Where(s => s.EmployerId == employerId));
        if (filter.SchoolId is { } schoolId) signings = signings.Where(s => s.SchoolId == schoolId);
        if (filter.GraduationYear is { } year) signings = signings.Where(s => s.GraduationYear == year);
        if (filter.InvitedFrom is { } from)
        {
            var start = ChinaTime.StartOfDay(from);
            signings = signings.Where(s => s.InvitedAt >= start);
        }
        if (filter.InvitedTo is { } to)
        {
            var end = ChinaTime.EndOfDay(to);
            signings = signings.Where(s => s.InvitedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.ResponseStatus))
            signings = signings.Where(ResponseStatusFilter.Filter(filter.ResponseStatus, now));

        var name = filter.StudentName?.Trim();
        if (!string.IsNullOrEmpty(name)) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentName).Contains(name));
        var idNumber = filter.IdNumber?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(idNumber)) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentIdNumber) == idNumber);
        var major = filter.Major?.Trim();
        if (!string.IsNullOrEmpty(major)) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentMajor).Contains(major));
        return signings;
    }

    /// <summary>
    /// The rows of a list in its default order (邀请日期 newest first), all of them: the list's own tab, filter and
    /// query behind its 导出 (<see cref="SigningListExport"/>), so an export holds exactly the rows the list shows.
    /// </summary>
    public static IQueryable<EmployerSigningRow> AllRows(AppDbContext db, int employerId, SigningListTab tab, SigningListFilter filter, DateTimeOffset now) =>
        Rows(db, FilteredSignings(db, employerId, TabFilter(tab, employerId, now), filter, now))
            .OrderByDescending(r => r.InvitedAt).ThenByDescending(r => r.Id);

    private static IQueryable<EmployerSigningRow> Rows(AppDbContext db, IQueryable<Signing> signings) =>
        from s in signings
        join st in db.Students on s.StudentId equals st.Id
        join sc in db.Schools on s.SchoolId equals sc.Id
        select new EmployerSigningRow
        {
            Id = s.Id, InvitedAt = s.InvitedAt, Status = s.Status, Deadline = s.Deadline,
            TerminationVerificationRejected = s.TerminationVerificationRejected, GraduationYear = s.GraduationYear,
            SchoolName = sc.Name, StudentName = st.Name, IdNumber = st.IdNumber, Degree = st.Degree, Major = st.Major,
        };

    private async Task<Page<SigningListRow>> QueryAsync(CurrentUser user, Func<IQueryable<Signing>, IQueryable<Signing>> tab,
        SigningListFilter filter, PageRequest page, SigningListOrder order, bool checkTermination, DateTimeOffset now, CancellationToken ct)
    {
        var employerId = user.RequireEmployer();
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var signings = FilteredSignings(db, employerId, tab, filter, now);

        // Both foreign keys are required, so the joins of Rows() cannot change the count: count the signings alone.
        var total = await signings.CountAsync(ct);
        var ids = await PageIds(db, signings, order).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        // The page's rows (at most one page) with the shown values from Students and Schools, in the order of the ids.
        var byId = await Rows(db, db.Signings.AsNoTracking().Where(s => ids.Contains(s.Id))).ToDictionaryAsync(r => r.Id, ct);
        var items = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();

        Dictionary<int, string?> blocked = [];
        if (checkTermination && items.Count > 0)
        {
            // The domain decides whether the employer may still request termination (rule 7): ask it for this page only.
            var employer = await db.Employers.AsNoTracking().Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync(ct);
            var actor = Actor.Employer(employerId, employer);
            var aggregates = await db.Signings.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
            blocked = aggregates.ToDictionary(s => s.Id, s => s.CanRequestTermination(actor) ? null : Signing.TerminationChanceSpentMessage);
        }

        return new Page<SigningListRow>(items.Select(r => Shown(r, now, blocked.GetValueOrDefault(r.Id))).ToList(), total);
    }

    /// <summary>A row as the list shows it and the export writes it: masked ID number, the status words.</summary>
    public static SigningListRow Shown(EmployerSigningRow r, DateTimeOffset now, string? cannotRequestTermination = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
        return new SigningListRow(r.Id, r.SchoolName, r.StudentName, IdNumber.Mask(r.IdNumber), r.Degree, r.Major, r.GraduationYear,
            r.InvitedAt, SigningStatusText.ResponseText(status), SigningStatusText.VerificationText(status, r.TerminationVerificationRejected),
            cannotRequestTermination, HasAgreement: SigningStatusText.AgreementText(status).Length > 0);
    }

    /// <summary>
    /// The ids of the filtered signings in the list's order (the sort column, then the newest invitation, then the
    /// newest id). Student name and major sort on the signing's copies, equal to the student's values; only the
    /// school's name needs a join (Schools, a hundred rows).
    /// </summary>
    private static IQueryable<int> PageIds(AppDbContext db, IQueryable<Signing> signings, SigningListOrder paging)
    {
        if (paging.Sort == SigningListSort.SchoolName)
        {
            var withSchool = from s in signings join sc in db.Schools on s.SchoolId equals sc.Id select new { s.Id, s.InvitedAt, School = sc.Name };
            var bySchool = paging.Descending ? withSchool.OrderByDescending(x => x.School) : withSchool.OrderBy(x => x.School);
            return bySchool.ThenByDescending(x => x.InvitedAt).ThenByDescending(x => x.Id).Select(x => x.Id);
        }
        var sorted = (paging.Sort, paging.Descending) switch
        {
            (SigningListSort.StudentName, false) => signings.OrderBy(s => EF.Property<string>(s, SigningSearchCopies.StudentName)).ThenByDescending(s => s.InvitedAt),
            (SigningListSort.StudentName, true) => signings.OrderByDescending(s => EF.Property<string>(s, SigningSearchCopies.StudentName)).ThenByDescending(s => s.InvitedAt),
            (SigningListSort.Major, false) => signings.OrderBy(s => EF.Property<string>(s, SigningSearchCopies.StudentMajor)).ThenByDescending(s => s.InvitedAt),
            (SigningListSort.Major, true) => signings.OrderByDescending(s => EF.Property<string>(s, SigningSearchCopies.StudentMajor)).ThenByDescending(s => s.InvitedAt),
            (_, false) => signings.OrderBy(s => s.InvitedAt),
            _ => signings.OrderByDescending(s => s.InvitedAt),
        };
        return sorted.ThenByDescending(s => s.Id).Select(s => s.Id);
    }
}

/// <summary>A row of <see cref="EmployerSigningListService.AllRows"/>: stored values, before masking and status words.</summary>
public sealed class EmployerSigningRow
{
    public int Id { get; init; }
    public DateTimeOffset InvitedAt { get; init; }
    public SigningStatus Status { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public bool TerminationVerificationRejected { get; init; }
    public int GraduationYear { get; init; }
    public string SchoolName { get; init; } = "";
    public string StudentName { get; init; } = "";
    public string IdNumber { get; init; } = "";
    public string Degree { get; init; } = "";
    public string Major { get; init; } = "";
}
