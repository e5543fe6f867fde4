namespace WllmSign.Portal.Features.StudentArea;

/// <summary>What one run of <see cref="InvitationExpiryJob.RunOnceAsync"/> did.</summary>
public sealed record ExpiryRun(int Expired, int Reminded);

/// <summary>
/// Every minute: marks Invited signings past their deadline as Expired (the domain already treats them
/// as expired before this runs; this writes the status and the trail), and reminds each student once,
/// by inbox and email, when an invitation has less than a day left. The reminder is recorded as the
/// student's inbox entry with the fixed title <see cref="ReminderTitle"/> and the invitation's link:
/// its presence is what makes the reminder idempotent (no extra column).
/// </summary>
public sealed class InvitationExpiryJob(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, LiveNotifier live,
    SigningCommands commands, ClusterJobs jobs, ILogger<InvitationExpiryJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ReminderLead = TimeSpan.FromHours(24);
    public const string ReminderTitle = "签约邀请即将过期";

    /// <summary>Expiries whose live changes are published together (each takes a few milliseconds: a batch is well under a second).</summary>
    public const int PublishEvery = 100;

    // One run at a time, whether started by the timer or called directly; across servers sharing a PostgreSQL
    // database, one server at a time (ClusterJobs): the reminders' "already sent?" check is not safe against a
    // second server running it at the same moment.
    private readonly SemaphoreSlim gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Invitation expiry run failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<ExpiryRun> RunOnceAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var turn = await jobs.TryEnterAsync(ClusterJob.InvitationExpiry, ct);
            if (turn is null) return new ExpiryRun(0, 0); // another server is running it
            var now = clock.GetUtcNow();
            return new ExpiryRun(await ExpireDueAsync(now, ct), await RemindAsync(now, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> ExpireDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.Signings.Where(SigningStatuses.DueToExpire(now)).Select(s => s.Id).ToListAsync(ct);
        }
        var expired = 0;
        // On a deadline day many invitations of one employer (and school) expire in the same run: their live changes are
        // published together, every PublishEvery expiries and at the end, so that each user concerned reloads their
        // counts and lists once per batch instead of once per invitation (decision 046).
        var changes = new LiveChanges();
        try
        {
            foreach (var id in due)
            {
                try
                {
                    changes.Add(await commands.ChangeUnpublishedAsync(null, id, s => s.IsDueToExpire(now), "该邀约已答复或撤回", (s, at) => s.Expire(at), ct));
                    expired++;
                }
                catch (DomainException)
                {
                    // Someone answered or withdrew it at the same moment: nothing to expire.
                }
                if (changes.Count >= PublishEvery) commands.Publish(changes.Take()!);
            }
        }
        finally
        {
            // Also when the run stops half way: what was committed is told.
            if (changes.Take() is { } rest) commands.Publish(rest);
        }
        return expired;
    }

    private async Task<int> RemindAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var until = now + ReminderLead;
        var due = await (from s in db.Signings.AsNoTracking().Where(SigningStatuses.OpenAndDueBy(now, until))
                         join e in db.Employers on s.EmployerId equals e.Id
                         join st in db.Students on s.StudentId equals st.Id
                         select new { s.Id, s.StudentId, s.Deadline, s.Offer.Position, Employer = e.Name, Student = st.Name, st.Email })
            .ToListAsync(ct);
        var reminded = 0;
        var remindedStudents = new HashSet<int>();
        foreach (var d in due)
        {
            var link = SigningEffects.InvitationLink(d.Id);
            var sent = await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Student && n.RecipientId == d.StudentId
                                                            && n.Title == ReminderTitle && n.Link == link, ct);
            if (sent) continue;
            var account = await db.Users.Where(u => u.StudentId == d.StudentId).Select(u => u.Email).FirstOrDefaultAsync(ct);
            var lastDay = Signing.LastDayToRespondOf(d.Deadline);
            Notify.Add(db, RecipientKind.Student, d.StudentId, account ?? d.Email, d.Student, ReminderTitle,
                string.Create(CultureInfo.InvariantCulture,
                    $"{d.Employer}“{d.Position}”岗位的签约邀请将于{lastDay:yyyy/MM/dd}日24点截止，过期不反馈视为主动放弃。请尽快登录查看并答复。"),
                link, now);
            reminded++;
            remindedStudents.Add(d.StudentId);
        }
        await db.SaveChangesAsync(ct);
        // The reminders are unread inbox entries: the students' bells count them live.
        foreach (var studentId in remindedStudents) live.Publish(LiveChange.For(studentId: studentId));
        return reminded;
    }
}
