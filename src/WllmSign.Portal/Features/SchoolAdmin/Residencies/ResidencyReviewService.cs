namespace WllmSign.Portal.Features.SchoolAdmin.Residencies;

/// <summary>One residency (入驻) application with the employer's details.</summary>
public sealed record ResidencyRow(int Id, int EmployerId, string EmployerName, string CreditCode, string? Industry, string ContactName,
    string ContactPhone, string Email, DateTimeOffset AppliedAt, ResidencyStatus Status, DateTimeOffset? DecidedAt, string? DecidedBy, string? Remark)
{
    public string StatusText => Residency.StatusText(Status);
}

/// <summary>入驻审核: the school admin approves or rejects employers' applications to recruit its students (rule 1).</summary>
public sealed class ResidencyReviewService(IDbContextFactory<AppDbContext> dbFactory, LiveNotifier live, TimeProvider clock)
{
    public const string NotFoundMessage = "未找到该入驻申请，或不属于本校";

    /// <summary>Pending applications (oldest first) or decided ones (newest first) of the admin's school.</summary>
    public async Task<Page<ResidencyRow>> ListAsync(CurrentUser user, bool pending, PageRequest page, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = from r in db.Residencies.AsNoTracking()
                    join e in db.Employers on r.EmployerId equals e.Id
                    where r.SchoolId == schoolId && (pending ? r.Status == ResidencyStatus.Pending : r.Status != ResidencyStatus.Pending)
                    select new { r, e };
        var total = await query.CountAsync(ct);
        var ordered = pending ? query.OrderBy(x => x.r.AppliedAt).ThenBy(x => x.r.Id) : query.OrderByDescending(x => x.r.DecidedAt).ThenByDescending(x => x.r.Id);
        var rows = await ordered.Skip(page.Skip).Take(page.Take)
            .Select(x => new ResidencyRow(x.r.Id, x.e.Id, x.e.Name, x.e.CreditCode, x.e.Industry, x.e.ContactName, x.e.ContactPhone, x.e.Email,
                x.r.AppliedAt, x.r.Status, x.r.DecidedAt, x.r.DecidedBy, x.r.Remark))
            .ToListAsync(ct);
        return new Page<ResidencyRow>(rows, total);
    }

    public Task ApproveAsync(CurrentUser user, int residencyId) =>
        DecideAsync(user, residencyId, (r, name, now) => r.Approve(name, now), "入驻申请已通过", "你可以搜索、导入和邀请该校学生了。");

    public Task RejectAsync(CurrentUser user, int residencyId, string? reason) =>
        DecideAsync(user, residencyId, (r, name, now) => r.Reject(name, reason, now), "入驻申请未通过", "原因：" + (reason ?? "").Trim());

    private async Task DecideAsync(CurrentUser user, int residencyId, Action<Residency, string, DateTimeOffset> decide, string title, string body)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync();
        var residency = await db.Residencies.SingleOrDefaultAsync(r => r.Id == residencyId && r.SchoolId == schoolId)
            ?? throw new DomainException(NotFoundMessage);
        var employer = await db.Employers.SingleAsync(e => e.Id == residency.EmployerId);
        var school = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).SingleAsync();
        var now = clock.GetUtcNow();
        decide(residency, Verification.VerificationService.AdminName(user), now);
        Notify.Add(db, RecipientKind.Employer, employer.Id, employer.Email, employer.Name, title,
            $"你在{school}的{title}。{body}", "/employer/schools", now);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(Signings.SigningStore.ConflictMessage);
        }
        live.Publish(LiveChange.For(employerId: employer.Id, schoolId: schoolId));
    }
}
