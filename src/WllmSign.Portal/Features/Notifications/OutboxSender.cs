using Microsoft.EntityFrameworkCore;
using WllmSign.Portal.Data;

namespace WllmSign.Portal.Features.Notifications;

/// <summary>Delivers the email outbox every few seconds; a failure is logged and retried with back-off.</summary>
public sealed class OutboxSender(IDbContextFactory<AppDbContext> dbFactory, IMailer mailer, TimeProvider clock, ILogger<OutboxSender> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await DeliverDueAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "Outbox delivery failed"); }
            try { await Task.Delay(Interval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Sends every due email once; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
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
