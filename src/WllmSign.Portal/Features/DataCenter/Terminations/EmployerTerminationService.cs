namespace WllmSign.Portal.Features.DataCenter.Terminations;

/// <summary>What 查看解约申请 shows: the student's request and reason.</summary>
public sealed record TerminationRequestView(int Id, string StudentName, string MaskedIdNumber, string SchoolName, string Major,
    string? AgreementNumber, string Position, string Reason, DateTimeOffset RequestedAt);

/// <summary>
/// The employer's side of 解约 (manual chapter 4): answer a student's request (同意 / 拒绝; 暂不处理 calls
/// nothing) and request termination itself. The rules are the domain's (<see cref="Signing"/>); this
/// loads the signing of the signed-in employer, calls the rule, notifies, saves once and publishes.
/// </summary>
public sealed class EmployerTerminationService(IDbContextFactory<AppDbContext> dbFactory, SigningCommands commands)
{
    public const string NotFoundMessage = "未找到该签约记录";
    public const string NotAStudentRequestMessage = "该记录当前没有待你处理的学生解约申请";

    /// <summary>The student's pending request on the employer's signing, or null (not the employer's, or no such request).</summary>
    public async Task<TerminationRequestView?> GetStudentRequestAsync(CurrentUser user, int signingId)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await (from s in db.Signings.AsNoTracking().Where(PendingCounts.EmployerStudentRequests(employerId))
                         join st in db.Students on s.StudentId equals st.Id
                         join sc in db.Schools on s.SchoolId equals sc.Id
                         where s.Id == signingId
                         select new { s.Id, st.Name, st.IdNumber, School = sc.Name, st.Major, s.AgreementNumber, s.Offer.Position, s.TerminationReason, s.TerminationRequestedAt })
            .SingleOrDefaultAsync();
        return row is null ? null
            : new TerminationRequestView(row.Id, row.Name, IdNumber.Mask(row.IdNumber), row.School, row.Major, row.AgreementNumber,
                row.Position, row.TerminationReason ?? "", row.TerminationRequestedAt ?? default);
    }

    /// <summary>同意解约: the termination goes to the student's school for verification.</summary>
    public Task AgreeAsync(CurrentUser user, int signingId) =>
        ChangeAsync(user, signingId, (signing, actor, now) => signing.AgreeTermination(actor, now));

    /// <summary>拒绝解约 (optional reason, at most 200 characters): the agreement stays Effective; the student's chance is spent.</summary>
    public Task RejectAsync(CurrentUser user, int signingId, string? reason) =>
        ChangeAsync(user, signingId, (signing, actor, now) => signing.RejectTermination(actor, reason, now));

    /// <summary>申请解约 (reason 1–200 characters, once, cannot be withdrawn): the student is asked to answer.</summary>
    public Task RequestAsync(CurrentUser user, int signingId, string reason) =>
        ChangeAsync(user, signingId, (signing, actor, now) => signing.RequestTermination(actor, reason, now));

    private Task ChangeAsync(CurrentUser user, int signingId, Action<Signing, Actor, DateTimeOffset> rule)
    {
        var employerId = user.RequireEmployer();
        return commands.ChangeAsync(AuditActor.Of(user), signingId, s => s.EmployerId == employerId, NotFoundMessage, async (db, s, now) =>
            rule(s, Actor.Employer(employerId, await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync()), now));
    }
}
