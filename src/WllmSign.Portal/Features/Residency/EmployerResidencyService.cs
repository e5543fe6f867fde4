// Not "Features.Residency": a namespace of that name hides the domain type Residency in every Features.* namespace.
namespace WllmSign.Portal.Features.EmployerResidency;

/// <summary>One row of 高校入驻: a member school and the signed-in employer's residency there.</summary>
public sealed record EmployerSchoolRow(int SchoolId, string City, string Name, string JobSiteName, ResidencyStatus? Status, string? Remark)
{
    public string StatusText => WllmSign.Domain.Residencies.Residency.StatusText(Status);
}

/// <summary>高校入驻, the employer's side: list the active member schools and apply (申请入驻 / 重新申请).</summary>
public sealed class EmployerResidencyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, LiveNotifier live)
{
    public const string AppliedMessage = "入驻申请已提交，请等待学校审核";
    public const string UnknownSchoolMessage = "该学校不存在或已停止服务";

    /// <summary>Active schools whose name contains <paramref name="name"/>, paged in the database, with this employer's status.</summary>
    public async Task<Page<EmployerSchoolRow>> ListAsync(CurrentUser user, string? name, PageRequest page, CancellationToken ct = default, string? city = null)
    {
        var employerId = user.RequireEmployer();
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schools = db.Schools.AsNoTracking().Where(s => s.IsActive);
        var term = (name ?? "").Trim();
        if (term.Length > 0) schools = schools.Where(s => s.Name.Contains(term));
        if (!string.IsNullOrWhiteSpace(city)) schools = schools.Where(s => s.City == city);
        var total = await schools.CountAsync(ct);
        var rows = await (from s in schools
                          join r in db.Residencies.Where(r => r.EmployerId == employerId) on s.Id equals r.SchoolId into rs
                          from r in rs.DefaultIfEmpty()
                          orderby s.Code
                          select new EmployerSchoolRow(s.Id, s.City, s.Name, s.JobSiteName, r == null ? null : r.Status, r == null ? null : r.Remark))
            .Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        return new Page<EmployerSchoolRow>(rows, total);
    }

    /// <summary>The cities of the active member schools: the manual's 请选择 beside the name box.</summary>
    public async Task<IReadOnlyList<string>> CitiesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Schools.AsNoTracking().Where(s => s.IsActive).Select(s => s.City).Distinct().OrderBy(c => c).ToListAsync(ct);
    }

    /// <summary>申请入驻, or 重新申请 after a rejection (<see cref="WllmSign.Domain.Residencies.Residency.Reapply"/>); returns the message to show.</summary>
    public async Task<string> ApplyAsync(CurrentUser user, int schoolId)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Schools.AnyAsync(s => s.Id == schoolId && s.IsActive)) throw new DomainException(UnknownSchoolMessage);
        var now = clock.GetUtcNow();
        var residency = await db.Residencies.SingleOrDefaultAsync(r => r.EmployerId == employerId && r.SchoolId == schoolId);
        if (residency is null) db.Residencies.Add(new WllmSign.Domain.Residencies.Residency(employerId, schoolId, now));
        else residency.Reapply(now);
        await db.SaveOrConflictAsync();
        live.Publish(LiveChange.For(employerId: employerId, schoolId: schoolId));
        return AppliedMessage;
    }
}
