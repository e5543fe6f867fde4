using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Agreements.Signatures;
using WllmSign.Portal.Features.Audit;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Portal.Features.SchoolAdmin.Shared;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Portal.Features.SchoolAdmin.Verification;

/// <summary>
/// The school's verification queues. Reads are one query per page; each approval or rejection is its own
/// unit of work (load, domain transition, notifications, save with the concurrency token, publish).
/// </summary>
public sealed class VerificationService(
    IDbContextFactory<AppDbContext> dbFactory, SigningDetailService details, LiveNotifier live, TimeProvider clock, IAuditLog audit,
    AgreementIssueSignal issuing) : IVerificationService
{
    public const string NotFoundMessage = "未找到该签约记录，或不属于本校";

    public async Task<Page<VerificationRow>> QueueAsync(CurrentUser user, VerificationKind kind, VerificationFilter filter,
        PageRequest page, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var faculty = SchoolQuery.Clean(filter.Faculty);
        var major = SchoolQuery.Clean(filter.Major);
        var employerName = SchoolQuery.Clean(filter.EmployerName);
        var (from, to) = SchoolQuery.ChinaDayRange(
            filter.InvitedFrom is { } f ? DateOnly.FromDateTime(f) : null, filter.InvitedTo is { } t ? DateOnly.FromDateTime(t) : null);

        // Every filter on Signings (the employer's name and the major on the signing's copies, decision 015; the
        // faculty through the school's own students), so the count and the page's ids need no join.
        // The queue is exactly what the 签约待办/解约待办 badge counts (the domain's PendingCounts).
        var signings = db.Signings.AsNoTracking().Where(kind == VerificationKind.Signing
            ? PendingCounts.SchoolSigningVerifications(schoolId)
            : PendingCounts.SchoolTerminationVerifications(schoolId));
        if (faculty is not null)
        {
            var ofFaculty = db.Students.Where(st => st.SchoolId == schoolId && st.Faculty == faculty).Select(st => st.Id);
            signings = signings.Where(s => ofFaculty.Contains(s.StudentId));
        }
        if (major is not null) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.StudentMajor) == major);
        if (employerName is not null) signings = signings.Where(s => EF.Property<string>(s, SigningSearchCopies.EmployerName).Contains(employerName));
        if (from is { } fromUtc) signings = signings.Where(s => s.InvitedAt >= fromUtc);
        if (to is { } toUtc) signings = signings.Where(s => s.InvitedAt < toUtc);

        var total = await signings.CountAsync(ct);
        // Oldest first: the one waiting longest is handled first (accepted / agreed time, then invitation).
        var ordered = kind == VerificationKind.Signing
            ? signings.OrderBy(s => s.RespondedAt).ThenBy(s => s.InvitedAt).ThenBy(s => s.Id)
            : signings.OrderBy(s => s.TerminationAnsweredAt).ThenBy(s => s.Id);
        var ids = await ordered.Select(s => s.Id).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        var byId = await (from s in db.Signings.AsNoTracking()
                          join st in db.Students on s.StudentId equals st.Id
                          join e in db.Employers on s.EmployerId equals e.Id
                          where ids.Contains(s.Id)
                          select new
                          {
                              s.Id, st.Name, st.IdNumber, st.StudentNumber, st.Faculty, st.Major, st.GraduationYear,
                              Employer = e.Name, s.Offer.Position, s.InvitedAt, s.RespondedAt,
                              s.TerminationRequestedBy, s.TerminationReason, s.TerminationAnswerReason,
                          }).ToDictionaryAsync(r => r.Id, ct);
        var rows = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        return new Page<VerificationRow>(rows.Select(r => new VerificationRow(
            r.Id, r.Name, IdNumber.Mask(r.IdNumber), r.StudentNumber, r.Faculty, r.Major, r.GraduationYear, r.Employer, r.Position,
            r.InvitedAt, r.RespondedAt, PartyName(r.TerminationRequestedBy), r.TerminationReason, r.TerminationAnswerReason)).ToList(), total);
    }

    public async Task<FacultyMajors> FacultiesAsync(CurrentUser user)
    {
        var schoolId = user.RequireSchool();
        await using var db = await dbFactory.CreateDbContextAsync();
        var pairs = await db.Students.AsNoTracking().Where(s => s.SchoolId == schoolId)
            .Select(s => new { s.Faculty, s.Major }).Distinct().OrderBy(p => p.Faculty).ThenBy(p => p.Major).ToListAsync();
        return new FacultyMajors(pairs.Select(p => p.Faculty).Distinct().ToList(), pairs.Select(p => (p.Faculty, p.Major)).ToList());
    }

    public Task<SigningDetail?> DetailAsync(CurrentUser user, int signingId)
    {
        user.RequireSchool();
        return details.GetAsync(user, signingId);
    }

    /// <summary>
    /// Approves each signing (鉴证通过) or termination (解约鉴证通过); then rings <see cref="AgreementIssuingJob"/>, which issues
    /// and signs the agreements' files (effective, or 已失效) in the background, so the ZIP and downloads serve stored files.
    /// </summary>
    public async Task<BatchResult> ApproveAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds)
    {
        var result = await EachAsync(user, signingIds, async (db, signing, actor, now) =>
        {
            if (kind == VerificationKind.Signing)
            {
                var number = await SigningStore.NextAgreementNumberAsync(db, signing.SchoolId, signing.GraduationYear);
                signing.ApproveVerification(actor, number, VerificationCode.Generate(), now);
                return ("签约鉴证通过", $"协议书编号 {number.Value}，协议书已生效。");
            }
            signing.ApproveTermination(actor, now);
            return ("解约鉴证通过", "学校已同意解约，原就业协议已失效。");
        });
        issuing.Wake();
        return result;
    }

    public Task<BatchResult> RejectAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds, string? remark)
    {
        // Checked once up front so that a missing remark fails the whole batch with one clear message.
        var text = Text.Required(remark, "不通过原因", 200);
        return EachAsync(user, signingIds, (_, signing, actor, now) =>
        {
            if (kind == VerificationKind.Signing)
            {
                signing.RejectVerification(actor, text, now);
                return Task.FromResult(("签约鉴证不通过", $"不通过原因：{text}"));
            }
            signing.RejectTerminationVerification(actor, text, now);
            return Task.FromResult(("解约鉴证不通过", $"学校未同意解约，就业协议继续有效。原因：{text}"));
        });
    }

    private delegate Task<(string Title, string Body)> Transition(AppDbContext db, Signing signing, Actor actor, DateTimeOffset now);

    private async Task<BatchResult> EachAsync(CurrentUser user, IReadOnlyCollection<int> signingIds, Transition transition)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(signingIds);
        if (signingIds.Count == 0) throw new DomainException("请先勾选要鉴证的记录");
        var actor = Actor.SchoolAdmin(schoolId, AdminName(user));
        var outcomes = new List<VerificationOutcome>();
        foreach (var id in signingIds.Distinct())
        {
            outcomes.Add(await OneAsync(schoolId, id, actor, AuditActor.Of(user), transition));
        }
        return new BatchResult(outcomes);
    }

    private async Task<VerificationOutcome> OneAsync(int schoolId, int id, Actor actor, AuditActor who, Transition transition)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var signing = await db.Signings.Include("_trail").SingleOrDefaultAsync(s => s.Id == id && s.SchoolId == schoolId);
        if (signing is null) return new VerificationOutcome(id, $"#{id}", false, NotFoundMessage);
        var student = await db.Students.SingleAsync(s => s.Id == signing.StudentId);
        var employer = await db.Employers.SingleAsync(e => e.Id == signing.EmployerId);
        var label = $"{student.Name}（{employer.Name}）";
        try
        {
            var now = clock.GetUtcNow();
            var (title, body) = await transition(db, signing, actor, now);
            var text = $"{student.Name}与{employer.Name}的就业协议（{signing.Offer.Position}）：{title}。{body}";
            Notify.Add(db, RecipientKind.Employer, employer.Id, employer.Email, employer.Name, title, text, "/employer/data", now);
            Notify.Add(db, RecipientKind.Student, student.Id, student.Email, student.Name, title, text, "/student/agreement", now);
            // The titles are the audit actions (签约鉴证通过 …); the entry is saved with the verification or not at all.
            audit.Add(db, who, title, AuditLog.SigningTarget(signing.Id, student.Name, employer.Name), schoolId, signing.Id);
            await db.SaveOrConflictAsync();
        }
        catch (DomainException ex)
        {
            return new VerificationOutcome(id, label, false, ex.Message);
        }
        live.Publish(LiveChange.For(employerId: signing.EmployerId, studentId: signing.StudentId, schoolId: schoolId));
        return new VerificationOutcome(id, label, true, null);
    }

    /// <summary>The name the process trail shows for this admin (at most 60 characters, as the domain allows).</summary>
    internal static string AdminName(CurrentUser user)
    {
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? "学校管理员" : user.DisplayName.Trim();
        return name.Length > 60 ? name[..60] : name;
    }

    private static string? PartyName(TerminationParty? party) => party switch
    {
        TerminationParty.Employer => "单位",
        TerminationParty.Student => "学生",
        _ => null,
    };
}
