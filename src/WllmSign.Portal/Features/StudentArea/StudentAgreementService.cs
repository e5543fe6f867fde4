namespace WllmSign.Portal.Features.StudentArea;

/// <summary>我的协议: the detail and what the student may do with it now.</summary>
/// <param name="CanRequestTermination">申请解约 is offered (<see cref="Signing.CanRequestTermination"/>).</param>
/// <param name="EmployerRequestAwaitsMe">The employer asked to terminate and waits for my answer.</param>
/// <param name="MyRequestPending">I asked to terminate and the employer has not answered yet.</param>
/// <param name="TerminationChanceSpent">I have used my one termination request (rule 7).</param>
public sealed record AgreementView(SigningDetail Detail, bool CanRequestTermination, bool EmployerRequestAwaitsMe,
    bool MyRequestPending, bool TerminationChanceSpent);

/// <summary>
/// 我的协议 and 解约: the student's active agreement (or the last one), 申请解约 once, and the answer to
/// the employer's request. Notifies the employer and the school and publishes live changes.
/// </summary>
public sealed class StudentAgreementService(IDbContextFactory<AppDbContext> dbFactory, SigningDetailService details, SigningCommands commands)
{
    private static readonly SigningStatus[] Agreed = [.. SigningStatuses.Agreed];

    /// <summary>The active agreement, else the most recent one the student accepted; null when there is none.</summary>
    public async Task<AgreementView?> GetAsync(CurrentUser user)
    {
        var studentId = user.RequireStudent();
        await using var db = await dbFactory.CreateDbContextAsync();
        var id = await db.Signings.Where(SigningStatuses.ActiveAgreementOf(studentId)).Select(s => (int?)s.Id).FirstOrDefaultAsync()
                 ?? await db.Signings.Where(s => s.StudentId == studentId && Enumerable.Contains(Agreed, s.Status))
                     .OrderByDescending(s => s.RespondedAt).Select(s => (int?)s.Id).FirstOrDefaultAsync();
        if (id is not { } signingId) return null;

        var signing = await db.Signings.AsNoTracking().SingleAsync(s => s.Id == signingId);
        var detail = await details.GetAsync(user, signingId);
        if (detail is null) return null;
        var me = Actor.Student(studentId);
        var requested = signing.Status == SigningStatus.TerminationRequested;
        return new AgreementView(detail,
            signing.CanRequestTermination(me),
            requested && signing.TerminationRequestedBy == TerminationParty.Employer,
            requested && signing.TerminationRequestedBy == TerminationParty.Student,
            signing.StudentTerminationUsed);
    }

    /// <summary>申请解约 (once only, reason 1–200 字): the employer is asked to agree.</summary>
    public Task RequestTerminationAsync(CurrentUser user, int signingId, string reason) =>
        ChangeAsync(user, (s, me, now) => s.RequestTermination(me, reason, now), signingId);

    /// <summary>同意解约 of the employer's request: the termination goes to the school for verification.</summary>
    public Task AgreeTerminationAsync(CurrentUser user, int signingId) =>
        ChangeAsync(user, (s, me, now) => s.AgreeTermination(me, now), signingId);

    /// <summary>拒绝解约 of the employer's request (optional reason): the agreement stays in force.</summary>
    public Task RejectTerminationAsync(CurrentUser user, int signingId, string? reason) =>
        ChangeAsync(user, (s, me, now) => s.RejectTermination(me, reason, now), signingId);

    private Task ChangeAsync(CurrentUser user, Action<Signing, Actor, DateTimeOffset> rule, int signingId)
    {
        var studentId = user.RequireStudent();
        return commands.ChangeAsync(AuditActor.Of(user), signingId, s => s.StudentId == studentId, StudentInvitationService.NotFoundMessage,
            (s, now) => rule(s, Actor.Student(studentId), now));
    }
}
