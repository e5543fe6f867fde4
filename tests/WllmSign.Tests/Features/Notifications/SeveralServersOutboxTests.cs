using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using WllmSign.Domain.Notifications;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Notifications;

/// <summary>
/// Two portal servers on one PostgreSQL database, both running their outbox sender (the background loop and direct
/// calls, started together): every email of the outbox is delivered exactly once in all.
/// </summary>
public sealed class SeveralServersOutboxTests : IAsyncLifetime
{
    private const int Emails = 200;
    private PortalFactory first = default!;
    private PortalFactory second = default!;

    public Task InitializeAsync()
    {
        if (PortalFactory.PostgresServer is null) return Task.CompletedTask; // skipped (PostgresFact)
        first = new PortalFactory();
        _ = first.Services; // migrates the database
        second = new PortalFactory(settings: new Dictionary<string, string?> { ["Database:Postgres"] = first.PostgresConnectionString });
        _ = second.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    [PostgresFact]
    public async Task Each_outbox_email_is_delivered_exactly_once_when_two_servers_send_at_the_same_time()
    {
        Assert.NotEqual(first.MailFolder, second.MailFolder);
        var factory = first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 1; i <= Emails; i++)
                db.Outbox.Add(new OutboxEmail($"student{i}@student.test", $"学生{i}", $"签约邀请 {i}", $"<p>第 {i} 封</p>", now));
            await db.SaveChangesAsync();
        }

        var senders = new[] { first.Services.GetRequiredService<OutboxSender>(), second.Services.GetRequiredService<OutboxSender>() };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await DueAsync(factory) > 0)
        {
            // Both servers start a delivery at the same moment (their background loops keep running too).
            using var start = new SemaphoreSlim(0, senders.Length);
            var runs = senders.Select(s => Task.Run(async () => { await start.WaitAsync(deadline.Token); return await s.DeliverDueAsync(deadline.Token); })).ToList();
            start.Release(senders.Length);
            await Task.WhenAll(runs);
        }

        var delivered = SafeFiles(first.MailFolder).Concat(SafeFiles(second.MailFolder))
            .Select(f => MimeMessage.Load(f).Subject).ToList();
        Assert.Equal(Emails, delivered.Count);
        Assert.Equal(Enumerable.Range(1, Emails).Select(i => $"签约邀请 {i}").Order(), delivered.Order());
        await using (var db = await factory.CreateDbContextAsync())
            Assert.Equal(Emails, await db.Outbox.CountAsync(o => o.SentAt != null && o.Attempts == 1));
    }

    private static async Task<int> DueAsync(IDbContextFactory<AppDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Outbox.CountAsync(o => o.SentAt == null);
    }

    private static IEnumerable<string> SafeFiles(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.eml") : [];
}
