using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Features.Audit;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Portal.Features.StudentArea;

/// <summary>One row of 签约邀请 (current and past).</summary>
public sealed record InvitationRow(int Id, string EmployerName, string Position, DateTimeOffset InvitedAt,
    DateTimeOffset Deadline, SigningStatus Status, string ResponseText, string VerificationText);

/// <summary>The invitation letter as the student sees it, and what the student may do with it.</summary>
/// <param name="AcceptBlockedReason">Why 同意签约 would be refused now (another active agreement, rule 6); null when it would not.</param>
public sealed record InvitationView(
    int Id,
    string StudentName,
    string EmployerName,
    Offer Offer,
    DateTimeOffset InvitedAt,
    DateTimeOffset Deadline,
    DateOnly LastDayToRespond,
    SigningStatus Status,
    string ResponseText,
    string? DeclineReason,
    string? AcceptBlockedReason)
{
    /// <summary>The invitation still awaits the answer (Invited and before the deadline).</summary>
    public bool CanAnswer => Status == SigningStatus.Invited;
}

/// <summary>
/// The student's invitations: the list, one letter, 同意签约 and 拒绝. Every query is scoped by the
/// signed-in student; the rules are the <see cref="Signing"/> aggregate's.
/// </summary>
public sealed class StudentInvitationService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, LiveNotifier live, IAuditLog audit)
{
    public const string NotFoundMessage = "未找到该签约邀请";

    public async Task<IReadOnlyList<InvitationRow>> ListAsync(CurrentUser user)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await (from s in db.Signings.AsNoTracking()
                          join e in db.Employers on s.EmployerId equals e.Id
                          where s.StudentId == studentId
                          orderby s.InvitedAt descending
                          select new { s.Id, Employer = e.Name, s.Offer.Position, s.InvitedAt, s.Deadline, s.Status, s.TerminationVerificationRejected })
            .ToListAsync();
        return rows.Select(r =>
        {
            var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
            return new InvitationRow(r.Id, r.Employer, r.Position, r.InvitedAt, r.Deadline, status,
                SigningStatusText.ResponseText(status), SigningStatusText.VerificationText(status, r.TerminationVerificationRejected));
        }).ToList();
    }

    /// <summary>The letter, or null when it is not the signed-in student's (the page shows 404).</summary>
    public async Task<InvitationView?> GetAsync(CurrentUser user, int signingId)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await db.Signings.AsNoTracking().SingleOrDefaultAsync(x => x.Id == signingId && x.StudentId == studentId);
        if (s is null) return null;
        var employer = await db.Employers.Where(e => e.Id == s.EmployerId).Select(e => e.Name).SingleAsync();
        var studentName = await db.Students.Where(x => x.Id == studentId).Select(x => x.Name).SingleAsync();
        var status = s.EffectiveStatus(now);
        string? blocked = null;
        if (status == SigningStatus.Invited && await SigningStore.HasOtherActiveAgreementAsync(db, studentId, s.Id))
            blocked = Signing.OtherActiveAgreementMessage;
        return new InvitationView(s.Id, studentName, employer, s.Offer, s.InvitedAt, s.Deadline, s.LastDayToRespond,
            status, SigningStatusText.ResponseText(status), s.DeclineReason, blocked);
    }

    /// <summary>同意签约: the signing goes to the school for verification; the employer and the school are told.</summary>
    public async Task AcceptAsync(CurrentUser user, int signingId)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await LoadOwnAsync(db, studentId, signingId);
        var hasOther = await SigningStore.HasOtherActiveAgreementAsync(db, studentId, s.Id);
        s.Accept(Actor.Student(studentId), hasOther, now);

        var (employerEmail, employerName, studentName, schoolName) = await NamesAsync(db, s);
        Notify.Add(db, RecipientKind.Employer, s.EmployerId, employerEmail, employerName, "学生已同意签约",
            $"{studentName}（{schoolName}）已同意贵单位“{s.Offer.Position}”岗位的签约邀请，待学校鉴证，鉴证通过后协议生效。",
            "/employer/data", now);
        Notify.Add(db, RecipientKind.School, s.SchoolId, null, schoolName, "新的签约待鉴证",
            $"{studentName}已同意{employerName}“{s.Offer.Position}”岗位的签约邀请，请办理签约鉴证。",
            "/school/verify/signings", now);
        audit.Add(db, AuditActor.Of(user), AuditActions.InvitationAccepted, AuditLog.SigningTarget(s.Id, studentName, employerName), s.SchoolId, s.Id);
        await db.SaveOrConflictAsync();
        s.ClearEvents();
        live.Publish(LiveChange.For(employerId: s.EmployerId, studentId: studentId, schoolId: s.SchoolId));
    }

    /// <summary>拒绝: optionally with a reason (≤ 200 字); the employer is told.</summary>
    public async Task DeclineAsync(CurrentUser user, int signingId, string? reason)
    {
        var studentId = user.RequireStudent();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var s = await LoadOwnAsync(db, studentId, signingId);
        s.Decline(Actor.Student(studentId), reason, now);

        var (employerEmail, employerName, studentName, schoolName) = await NamesAsync(db, s);
        Notify.Add(db, RecipientKind.Employer, s.EmployerId, employerEmail, employerName, "学生已拒绝签约",
            $"{studentName}（{schoolName}）拒绝了贵单位“{s.Offer.Position}”岗位的签约邀请。" + (s.DeclineReason is { } r ? $"\n拒绝原因：{r}" : ""),
            "/employer/data", now);
        audit.Add(db, AuditActor.Of(user), AuditActions.InvitationDeclined, AuditLog.SigningTarget(s.Id, studentName, employerName), s.SchoolId, s.Id);
        await db.SaveOrConflictAsync();
        s.ClearEvents();
        live.Publish(LiveChange.For(employerId: s.EmployerId, studentId: studentId, schoolId: s.SchoolId));
    }

    internal static async Task<Signing> LoadOwnAsync(AppDbContext db, int studentId, int signingId)
    {
        var s = await SigningStore.LoadAsync(db, signingId);
        if (s is null || s.StudentId != studentId) throw new DomainException(NotFoundMessage);
        return s;
    }

    internal static async Task<(string EmployerEmail, string EmployerName, string StudentName, string SchoolName)> NamesAsync(AppDbContext db, Signing s)
    {
        var employer = await db.Employers.Where(e => e.Id == s.EmployerId).Select(e => new { e.Email, e.Name }).SingleAsync();
        var student = await db.Students.Where(x => x.Id == s.StudentId).Select(x => x.Name).SingleAsync();
        var school = await db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.Name).SingleAsync();
        return (employer.Email, employer.Name, student, school);
    }
}
