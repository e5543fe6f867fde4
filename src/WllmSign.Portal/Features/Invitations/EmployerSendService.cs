using WllmSign.Portal.Features.StudentArea;

namespace WllmSign.Portal.Features.Invitations;

public sealed record SendListRow(int StudentId, int SchoolId, string School, int GraduationYear, string Name, string MaskedIdNumber,
    string Faculty, string Degree, string Major, DateTimeOffset AddedAt);

/// <summary>The letter's fixed parts: the unit name and the confirmed 档案/户口 information (read-only on the form).</summary>
public sealed record LetterContext(string UnitName, SigningInfo? SigningInfo, string ContactName, string ContactPhone);

/// <summary>One student of a batch; <paramref name="Reason"/> says why they cannot be invited (null: they can).</summary>
public sealed record BatchStudent(int StudentId, string Name, string School, string? Reason);

/// <summary>预览: the validated letter and every selected student, the ineligible ones marked.</summary>
public sealed record InvitationPreview(string UnitName, Offer Offer, DateOnly LastDay, IReadOnlyList<BatchStudent> Students)
{
    public int Eligible => Students.Count(s => s.Reason is null);
}

/// <summary>The result of 确认发送: who got the letter, who was skipped and why.</summary>
public sealed record SendResult(IReadOnlyList<BatchStudent> Sent, IReadOnlyList<BatchStudent> Skipped, DateOnly LastDay);

/// <summary>One row of 已发送邀约.</summary>
public sealed record SentInvitationRow(int SigningId, string School, int GraduationYear, string Name, string MaskedIdNumber,
    string Position, DateTimeOffset InvitedAt, DateOnly LastDay, string ResponseText, bool CanWithdraw);

/// <summary>
/// 签约发送 (manual 3.1.2, 3.2) for the signed-in employer: the send list, the letter, the preview, the batch
/// send in one transaction, and 撤回邀约. Every eligibility rule is the domain's (Signing.WhyCannotInvite).
/// </summary>
public sealed class EmployerSendService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, SigningCommands commands)
{
    public const string NotInSendListMessage = "该学生已不在签约发送列表中";
    public const string NothingSelectedMessage = "请先勾选要发送签约邀请的学生";
    public const string InvitationNotFoundMessage = "未找到该邀约";
    public const string WithdrawnTitle = SigningEffects.WithdrawnTitle;

    public async Task<Page<SendListRow>> SendListAsync(CurrentUser user, int? schoolId, int? year, PageRequest page, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = SendListQuery(db, employerId, schoolId, year);
        var total = await q.CountAsync(ct);
        ArgumentNullException.ThrowIfNull(page);
        var rows = await q.Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        return new Page<SendListRow>(rows.Select(r => new SendListRow(r.StudentId, r.SchoolId, r.School, r.GraduationYear, r.Name,
            IdNumber.Mask(r.IdNumber), r.Faculty, r.Degree, r.Major, r.AddedAt)).ToList(), total);
    }

    /// <summary>
    /// The employer's 签约发送列表 with the applied filters (school, 毕业年度), newest first: the one query behind the
    /// list and 导出签约发送列表, so an export holds exactly the rows the list shows.
    /// </summary>
    public static IQueryable<SendListQueryRow> SendListQuery(AppDbContext db, int employerId, int? schoolId, int? year)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = from e in db.SendList.AsNoTracking()
                join s in db.Students on e.StudentId equals s.Id
                join sc in db.Schools on s.SchoolId equals sc.Id
                where e.EmployerId == employerId
                select new { e, s, School = sc.Name };
        if (schoolId is { } sid) q = q.Where(x => x.s.SchoolId == sid);
        if (year is { } y) q = q.Where(x => x.s.GraduationYear == y);
        return q.OrderByDescending(x => x.e.AddedAt).ThenBy(x => x.e.Id)
            .Select(x => new SendListQueryRow
            {
                StudentId = x.s.Id, SchoolId = x.s.SchoolId, School = x.School, GraduationYear = x.s.GraduationYear, Name = x.s.Name,
                IdNumber = x.s.IdNumber, Gender = x.s.Gender, Faculty = x.s.Faculty, Degree = x.s.Degree, Major = x.s.Major, AddedAt = x.e.AddedAt,
            });
    }

    /// <summary>The schools of the send list, for its filter.</summary>
    public async Task<IReadOnlyList<ResidentSchool>> SendListSchoolsAsync(CurrentUser user)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await (from e in db.SendList
                      join s in db.Students on e.StudentId equals s.Id
                      join sc in db.Schools on s.SchoolId equals sc.Id
                      where e.EmployerId == employerId
                      select new { sc.Id, sc.Name, sc.Code }).Distinct().OrderBy(x => x.Code)
            .Select(x => new ResidentSchool(x.Id, x.Name)).ToListAsync();
    }

    /// <summary>移出签约发送列表; returns how many were removed.</summary>
    public async Task<int> RemoveAsync(CurrentUser user, IReadOnlyCollection<int> studentIds)
    {
        var employerId = user.RequireEmployer();
        if (studentIds.Count == 0) throw new DomainException("请先勾选要移出的学生");
        var ids = studentIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.SendList.Where(e => e.EmployerId == employerId && ids.Contains(e.StudentId)).ExecuteDeleteAsync();
    }

    public async Task<LetterContext> LetterAsync(CurrentUser user)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var e = await db.Employers.AsNoTracking().SingleAsync(x => x.Id == employerId);
        return new LetterContext(e.Name, e.SigningInfo, e.ContactName, e.ContactPhone);
    }

    /// <summary>发送 on the letter: validates the terms (rule 11) and marks every student who cannot be invited (rule 4).</summary>
    public async Task<InvitationPreview> PreviewAsync(CurrentUser user, IReadOnlyCollection<int> studentIds, LetterForm form)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var employer = await db.Employers.AsNoTracking().SingleAsync(x => x.Id == employerId);
        var now = clock.GetUtcNow();
        if (!employer.SigningInfoConfirmed) throw new DomainException(Signing.NotConfirmedMessage);
        var offer = Offer.Create(form.ToDraft(), ChinaTime.Today(clock));
        var batch = await EvaluateAsync(db, employerId, studentIds, now);
        return new InvitationPreview(employer.Name, offer, Signing.LastFeedbackDay(now, offer.FeedbackDays), batch.Select(b => b.Student).ToList());
    }

    /// <summary>
    /// 确认发送: in one transaction, re-reads the facts, invites every eligible student of the batch, removes
    /// them from the send list and queues their notifications. Calling it again with the same batch finds the
    /// open invitations and sends nothing (a double click sends once).
    /// </summary>
    public async Task<SendResult> SendAsync(CurrentUser user, IReadOnlyCollection<int> studentIds, LetterForm form)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        // BEGIN IMMEDIATE on SQLite: a second batch waits for this one and then sees its invitations.
        await using var tx = await db.Database.BeginTransactionAsync();
        // PostgreSQL (read committed) lets two transactions read at once: lock the employer's row so that a
        // second batch of the same employer waits here and then sees this one's invitations.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM \"Employers\" WHERE \"Id\" = {employerId} FOR UPDATE");
        var employer = await db.Employers.AsNoTracking().SingleAsync(x => x.Id == employerId);
        if (!employer.SigningInfoConfirmed) throw new DomainException(Signing.NotConfirmedMessage);
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var draft = form.ToDraft();
        var feedbackDays = Offer.Create(draft, today).FeedbackDays;
        var batch = await EvaluateAsync(db, employerId, studentIds, now);
        var actor = Actor.Employer(employerId, employer.Name);

        var sent = new List<(Signing Signing, Evaluated Item)>();
        foreach (var item in batch.Where(b => b.Student.Reason is null))
        {
            // One Offer per signing: EF owns it, so it cannot be shared.
            var signing = Signing.Invite(actor, item.Student.StudentId, item.SchoolId, item.GraduationYear,
                Offer.Create(draft, today), item.Facts, now);
            db.Signings.Add(signing);
            db.SendList.Remove(item.Entry!);
            sent.Add((signing, item));
        }
        // Saves the invitations, then queues each student's letter through the one table of effects, in this transaction.
        var change = await commands.SaveAsync(db, AuditActor.Of(user), sent.Select(s => s.Signing).ToList());
        await tx.CommitAsync();
        commands.Publish(change);
        var lastDay = Signing.LastFeedbackDay(now, feedbackDays);
        return new SendResult(sent.Select(s => s.Item.Student).ToList(),
            batch.Where(b => b.Student.Reason is not null).Select(b => b.Student).ToList(), lastDay);
    }

    /// <summary>已发送邀约: the employer's invitations, newest first.</summary>
    public async Task<Page<SentInvitationRow>> SentAsync(CurrentUser user, PageRequest page, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = from g in db.Signings
                join s in db.Students on g.StudentId equals s.Id
                join sc in db.Schools on g.SchoolId equals sc.Id
                where g.EmployerId == employerId
                select new { g.Id, School = sc.Name, g.GraduationYear, s.Name, s.IdNumber, g.Offer.Position, g.InvitedAt, g.Deadline, g.Status };
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.InvitedAt).ThenByDescending(x => x.Id)
            .Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new Page<SentInvitationRow>(rows.Select(r =>
        {
            var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
            return new SentInvitationRow(r.Id, r.School, r.GraduationYear, r.Name, IdNumber.Mask(r.IdNumber), r.Position,
                r.InvitedAt, Signing.LastDayToRespondOf(r.Deadline),
                SigningStatusText.ResponseText(status), status == SigningStatus.Invited);
        }).ToList(), total);
    }

    /// <summary>
    /// 撤回邀约 of an invitation still 待应约 (<see cref="Signing.Withdraw"/>); someone else's is not found. The student is
    /// told (the invitation leaves their list) and the withdrawal is audited.
    /// </summary>
    public Task WithdrawAsync(CurrentUser user, int signingId)
    {
        var employerId = user.RequireEmployer();
        return commands.ChangeAsync(AuditActor.Of(user), signingId, s => s.EmployerId == employerId, InvitationNotFoundMessage, async (db, s, now) =>
            s.Withdraw(Actor.Employer(employerId, await db.Employers.Where(e => e.Id == employerId).Select(e => e.Name).SingleAsync()), now));
    }

    private sealed record Evaluated(BatchStudent Student, int SchoolId, int GraduationYear, InvitationFacts Facts,
        Domain.Invitations.SendListEntry? Entry);

    /// <summary>Every selected student with the domain's reason why not (rules 1, 3, 6, 13), or not on the send list.</summary>
    private static async Task<List<Evaluated>> EvaluateAsync(AppDbContext db, int employerId, IReadOnlyCollection<int> studentIds, DateTimeOffset now)
    {
        var ids = studentIds.Distinct().ToList();
        if (ids.Count == 0) throw new DomainException(NothingSelectedMessage);
        var facts = await SigningStore.InvitationFactsAsync(db, employerId, ids, now);
        var entries = await db.SendList.Where(e => e.EmployerId == employerId && ids.Contains(e.StudentId)).ToDictionaryAsync(e => e.StudentId);
        var students = await (from s in db.Students
                              join sc in db.Schools on s.SchoolId equals sc.Id
                              where ids.Contains(s.Id)
                              select new { s.Id, s.Name, s.SchoolId, School = sc.Name, s.GraduationYear }).ToDictionaryAsync(s => s.Id);
        var result = new List<Evaluated>();
        foreach (var id in ids)
        {
            // A student the employer never listed is not shown at all: not even their name.
            if (!students.TryGetValue(id, out var s) || (!entries.ContainsKey(id) && !facts[id].HasOpenInvitationFromThisEmployer)) continue;
            var reason = Signing.WhyCannotInvite(facts[id]) ?? (entries.ContainsKey(id) ? null : NotInSendListMessage);
            result.Add(new Evaluated(new BatchStudent(id, s.Name, s.School, reason), s.SchoolId, s.GraduationYear, facts[id],
                entries.GetValueOrDefault(id)));
        }
        if (result.Count == 0) throw new DomainException(NotInSendListMessage);
        return result;
    }
}

/// <summary>A row of <see cref="EmployerSendService.SendListQuery"/>: stored values, before masking.</summary>
public sealed class SendListQueryRow
{
    public int StudentId { get; init; }
    public int SchoolId { get; init; }
    public string School { get; init; } = "";
    public int GraduationYear { get; init; }
    public string Name { get; init; } = "";
    public string IdNumber { get; init; } = "";
    public string Gender { get; init; } = "";
    public string Faculty { get; init; } = "";
    public string Degree { get; init; } = "";
    public string Major { get; init; } = "";
    public DateTimeOffset AddedAt { get; init; }
}
