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
public sealed class StudentInvitationService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, SigningCommands commands)
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
    public Task AcceptAsync(CurrentUser user, int signingId)
    {
        var studentId = user.RequireStudent();
        return commands.ChangeAsync(AuditActor.Of(user), signingId, s => s.StudentId == studentId, NotFoundMessage, async (db, s, now) =>
            s.Accept(Actor.Student(studentId), await SigningStore.HasOtherActiveAgreementAsync(db, studentId, s.Id), now));
    }

    /// <summary>拒绝: optionally with a reason (≤ 200 字); the employer is told.</summary>
    public Task DeclineAsync(CurrentUser user, int signingId, string? reason)
    {
        var studentId = user.RequireStudent();
        return commands.ChangeAsync(AuditActor.Of(user), signingId, s => s.StudentId == studentId, NotFoundMessage,
            (s, now) => s.Decline(Actor.Student(studentId), reason, now));
    }
}
