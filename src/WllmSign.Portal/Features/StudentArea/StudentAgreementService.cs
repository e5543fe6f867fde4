using WllmSign.Domain.Audit;
using WllmSign.Portal.Features.Audit;
using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Portal.Features.Signings;

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
public sealed class StudentAgreementService(IDbContextFactory<AppDbContext> dbFactory, SigningDetailService details,
    TimeProvider clock, LiveNotifier live, IAuditLog audit)
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
    public async Task RequestTerminationAsync(CurrentUser user, int signingId, string reason)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await StudentInvitationService.LoadOwnAsync(db, studentId, signingId);
        s.RequestTermination(Actor.Student(studentId), reason, now);

        var (employerEmail, employerName, studentName, schoolName) = await StudentInvitationService.NamesAsync(db, s);
        Notify.Add(db, RecipientKind.Employer, s.EmployerId, employerEmail, employerName, "学生提出解约申请",
            $"{studentName}（{schoolName}）申请解除与贵单位的就业协议。\n解除原因：{s.TerminationReason}\n请在“解约中心 → 解约办理”中处理。",
            "/employer/terminations", now);
        audit.Add(db, AuditActor.Of(user), AuditActions.TerminationRequested, AuditLog.SigningTarget(s.Id, studentName, employerName), s.SchoolId, s.Id);
        await db.SaveOrConflictAsync();
        s.ClearEvents();
        live.Publish(LiveChange.For(employerId: s.EmployerId, studentId: studentId, schoolId: s.SchoolId));
    }

    /// <summary>同意解约 of the employer's request: the termination goes to the school for verification.</summary>
    public async Task AgreeTerminationAsync(CurrentUser user, int signingId)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await StudentInvitationService.LoadOwnAsync(db, studentId, signingId);
        s.AgreeTermination(Actor.Student(studentId), now);

        var (employerEmail, employerName, studentName, schoolName) = await StudentInvitationService.NamesAsync(db, s);
        Notify.Add(db, RecipientKind.Employer, s.EmployerId, employerEmail, employerName, "学生已同意解约",
            $"{studentName}（{schoolName}）已同意贵单位的解约申请，待学校鉴证，鉴证通过后解约生效。", "/employer/data", now);
        Notify.Add(db, RecipientKind.School, s.SchoolId, null, schoolName, "新的解约待鉴证",
            $"{employerName}与{studentName}已同意解除就业协议，请办理解约鉴证。", "/school/verify/terminations", now);
        audit.Add(db, AuditActor.Of(user), AuditActions.TerminationAgreed, AuditLog.SigningTarget(s.Id, studentName, employerName), s.SchoolId, s.Id);
        await db.SaveOrConflictAsync();
        s.ClearEvents();
        live.Publish(LiveChange.For(employerId: s.EmployerId, studentId: studentId, schoolId: s.SchoolId));
    }

    /// <summary>拒绝解约 of the employer's request (optional reason): the agreement stays in force.</summary>
    public async Task RejectTerminationAsync(CurrentUser user, int signingId, string? reason)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await StudentInvitationService.LoadOwnAsync(db, studentId, signingId);
        s.RejectTermination(Actor.Student(studentId), reason, now);

        var (employerEmail, employerName, studentName, schoolName) = await StudentInvitationService.NamesAsync(db, s);
        Notify.Add(db, RecipientKind.Employer, s.EmployerId, employerEmail, employerName, "学生拒绝解约",
            $"{studentName}（{schoolName}）拒绝了贵单位的解约申请，协议继续有效。" + (s.TerminationAnswerReason is { } r ? $"\n拒绝原因：{r}" : ""),
            "/employer/data", now);
        audit.Add(db, AuditActor.Of(user), AuditActions.TerminationRejected, AuditLog.SigningTarget(s.Id, studentName, employerName), s.SchoolId, s.Id);
        await db.SaveOrConflictAsync();
        s.ClearEvents();
        live.Publish(LiveChange.For(employerId: s.EmployerId, studentId: studentId, schoolId: s.SchoolId));
    }
}
