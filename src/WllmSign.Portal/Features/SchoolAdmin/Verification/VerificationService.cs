using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Portal.Features.SchoolAdmin.Verification;

/// <summary>
/// The school's verification queues. Reads are one query per page; each approval or rejection is its own
/// unit of work (load, domain transition, notifications, save with the concurrency token, publish).
/// </summary>
public sealed class VerificationService(
    IDbContextFactory<AppDbContext> dbFactory, SigningDetailService details, SigningCommands commands, AgreementIssueSignal issuing) : IVerificationService
{
    public const string NotFoundMessage = "未找到该签约记录，或不属于本校";

    public async Task<Page<VerificationRow>> QueueAsync(CurrentUser user, VerificationKind kind, VerificationFilter filter,
        PageRequest page, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var faculty = ListQuery.Clean(filter.Faculty);
        var major = ListQuery.Clean(filter.Major);
        var employerName = ListQuery.Clean(filter.EmployerName);
        var (from, to) = ListQuery.ChinaDayRange(
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
            }
            else
            {
                signing.ApproveTermination(actor, now);
            }
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
            if (kind == VerificationKind.Signing) signing.RejectVerification(actor, text, now);
            else signing.RejectTerminationVerification(actor, text, now);
            return Task.CompletedTask;
        });
    }

    private delegate Task Transition(AppDbContext db, Signing signing, Actor actor, DateTimeOffset now);

    /// <summary>Each signing of the batch is its own unit of work on the one signing path: one refusal does not undo the others.</summary>
    private async Task<BatchResult> EachAsync(CurrentUser user, IReadOnlyCollection<int> signingIds, Transition transition)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(signingIds);
        if (signingIds.Count == 0) throw new DomainException("请先勾选要鉴证的记录");
        var actor = Actor.SchoolAdmin(schoolId, AdminName(user));
        var who = AuditActor.Of(user);
        var outcomes = new List<VerificationOutcome>();
        foreach (var id in signingIds.Distinct())
        {
            try
            {
                var parties = await commands.ChangeAsync(who, id, s => s.SchoolId == schoolId, NotFoundMessage,
                    (db, s, now) => transition(db, s, actor, now));
                outcomes.Add(new VerificationOutcome(id, parties.Label, true, null));
            }
            catch (DomainException ex)
            {
                outcomes.Add(new VerificationOutcome(id, await LabelAsync(id, schoolId) ?? $"#{id}", false, ex.Message));
            }
        }
        return new BatchResult(outcomes);
    }

    /// <summary>"张三（某单位）" of one of the school's signings; null when there is none.</summary>
    private async Task<string?> LabelAsync(int signingId, int schoolId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var names = await (from s in db.Signings
                           join st in db.Students on s.StudentId equals st.Id
                           join e in db.Employers on s.EmployerId equals e.Id
                           where s.Id == signingId && s.SchoolId == schoolId
                           select new { Student = st.Name, Employer = e.Name }).SingleOrDefaultAsync();
        return names is null ? null : $"{names.Student}（{names.Employer}）";
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
