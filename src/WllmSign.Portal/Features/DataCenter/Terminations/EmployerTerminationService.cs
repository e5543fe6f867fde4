using WllmSign.Domain.Audit;
using WllmSign.Portal.Features.Audit;
using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Portal.Features.DataCenter.Terminations;

/// <summary>What 查看解约申请 shows: the student's request and reason.</summary>
public sealed record TerminationRequestView(int Id, string StudentName, string MaskedIdNumber, string SchoolName, string Major,
    string? AgreementNumber, string Position, string Reason, DateTimeOffset RequestedAt);

/// <summary>
/// The employer's side of 解约 (manual chapter 4): answer a student's request (同意 / 拒绝; 暂不处理 calls
/// nothing) and request termination itself. The rules are the domain's (<see cref="Signing"/>); this
/// loads the signing of the signed-in employer, calls the rule, notifies, saves once and publishes.
/// </summary>
public sealed class EmployerTerminationService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, LiveNotifier live, IAuditLog audit)
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
        ChangeAsync(user, signingId, AuditActions.TerminationAgreed, (signing, actor, now) => signing.AgreeTermination(actor, now), (db, ctx) =>
        {
            NotifyStudent(db, ctx, "单位已同意解约",
                $"{ctx.EmployerName}已同意你提出的解约申请（{ctx.Describe}），现提交学校鉴证，鉴证通过后解约生效。");
            NotifySchool(db, ctx);
        });

    /// <summary>拒绝解约 (optional reason, at most 200 characters): the agreement stays Effective; the student's chance is spent.</summary>
    public Task RejectAsync(CurrentUser user, int signingId, string? reason) =>
        ChangeAsync(user, signingId, AuditActions.TerminationRejected, (signing, actor, now) => signing.RejectTermination(actor, reason, now), (db, ctx) =>
            NotifyStudent(db, ctx, "单位拒绝解约",
                $"{ctx.EmployerName}拒绝了你提出的解约申请（{ctx.Describe}），协议继续有效。"
                + (ctx.Signing.TerminationAnswerReason is { } r ? $"\n拒绝原因：{r}" : "")));

    /// <summary>申请解约 (reason 1–200 characters, once, cannot be withdrawn): the student is asked to answer.</summary>
    public Task RequestAsync(CurrentUser user, int signingId, string reason) =>
        ChangeAsync(user, signingId, AuditActions.TerminationRequested, (signing, actor, now) => signing.RequestTermination(actor, reason, now), (db, ctx) =>
            NotifyStudent(db, ctx, "单位申请解约",
                $"{ctx.EmployerName}向你提出解除就业协议的申请（{ctx.Describe}）。\n解除原因：{ctx.Signing.TerminationReason}\n请登录系统同意或拒绝。"));

    private sealed record ChangeContext(Signing Signing, string EmployerName, string StudentName, string? StudentEmail, string Position, DateTimeOffset Now)
    {
        public string Describe => Signing.AgreementNumber is { } n ? $"协议书编号 {n}，岗位：{Position}" : $"岗位：{Position}";
    }

    private async Task ChangeAsync(CurrentUser user, int signingId, string auditAction, Action<Signing, Actor, DateTimeOffset> rule, Action<AppDbContext, ChangeContext> notify)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var signing = await SigningStore.LoadAsync(db, signingId);
        if (signing is null || signing.EmployerId != employerId) throw new DomainException(NotFoundMessage);
        var employerName = await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync();
        var student = await db.Students.AsNoTracking().Where(s => s.Id == signing.StudentId).Select(s => new { s.Name, s.Email }).SingleAsync();
        var now = clock.GetUtcNow();

        rule(signing, Actor.Employer(employerId, employerName), now);
        notify(db, new ChangeContext(signing, employerName, student.Name, student.Email, signing.Offer.Position, now));
        audit.Add(db, AuditActor.Of(user), auditAction, AuditLog.SigningTarget(signing.Id, student.Name, employerName), signing.SchoolId, signing.Id);
        await db.SaveOrConflictAsync();
        signing.ClearEvents();
        live.Publish(LiveChange.For(employerId: employerId, studentId: signing.StudentId, schoolId: signing.SchoolId));
    }

    private static void NotifyStudent(AppDbContext db, ChangeContext ctx, string title, string body) =>
        Notify.Add(db, RecipientKind.Student, ctx.Signing.StudentId, ctx.StudentEmail, ctx.StudentName, title, body, "/student/agreement", ctx.Now);

    private static void NotifySchool(AppDbContext db, ChangeContext ctx) =>
        Notify.Add(db, RecipientKind.School, ctx.Signing.SchoolId, null, "就业指导中心", "解约待鉴证",
            $"{ctx.EmployerName}与学生{ctx.StudentName}已同意解约（{ctx.Describe}），请鉴证。", "/school/verify/terminations", ctx.Now);
}
