namespace WllmSign.Portal.Features.Notifications;

/// <summary>
/// Delivers the email outbox every few seconds; a failure is logged and retried with back-off. One sender at a time:
/// within a server a semaphore, across servers sharing a PostgreSQL database an advisory lock (<see cref="ClusterJobs"/>),
/// so that two servers never pick the same due email.
/// </summary>
public sealed class OutboxSender(IDbContextFactory<AppDbContext> dbFactory, IMailer mailer, TimeProvider clock, ClusterJobs jobs,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await DeliverDueAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "Outbox delivery failed"); }
            try { await Task.Delay(Interval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Sends every due email once; returns how many were sent (0 when another server is sending).</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var turn = await jobs.TryEnterAsync(ClusterJob.OutboxSender, ct);
            return turn is null ? 0 : await DeliverAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> DeliverAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Outbox.Where(o => o.SentAt == null && o.Attempts < Domain.Notifications.OutboxEmail.MaxAttempts && o.NextAttemptAt <= now)
            .OrderBy(o => o.Id).Take(50).ToListAsync(ct);
        var sent = 0;
        foreach (var email in due)
        {
            try
            {
                await mailer.SendAsync(email.ToAddress, email.ToName, email.Subject, email.HtmlBody, ct);
                email.MarkSent(clock.GetUtcNow());
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                email.MarkFailed(ex.Message, clock.GetUtcNow());
                logger.LogWarning(ex, "Email {Id} to {To} failed (attempt {Attempt}); will retry", email.Id, email.ToAddress, email.Attempts);
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }
}
