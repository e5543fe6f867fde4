using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// What ships is safe by default: the production settings seed no demo accounts, Production refuses demo seeding unless
/// explicitly allowed (scripts/run.sh's demo), and a production log never holds the demo password.
/// </summary>
public sealed class DemoSafetyTests
{
    private const string DemoPassword = "Wllm2026!demo";

    [Fact]
    public async Task The_production_settings_seed_no_demo_accounts()
    {
        // No Demo:Seed override: the portal's own appsettings.json decides.
        await using var portal = new PortalFactory(seedDemo: null, environment: "Production");
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Users.ToListAsync());
        Assert.Empty(await db.Schools.ToListAsync());
    }

    [Fact]
    public async Task Production_refuses_to_start_with_demo_seeding_unless_explicitly_allowed()
    {
        await using var portal = new PortalFactory(seedDemo: true, environment: "Production");
        var failure = Record.Exception(() => portal.Services);
        Assert.NotNull(failure);
        // The host may wrap the start-up exception: the refusal is somewhere in the chain, with its reason and its way out.
        var refusal = Chain(failure).OfType<InvalidOperationException>()
            .FirstOrDefault(e => e.Message.Contains("Demo:Seed is true in Production", StringComparison.Ordinal));
        Assert.True(refusal is not null, failure.ToString());
        Assert.Contains("Demo:AllowInProduction=true", refusal.Message, StringComparison.Ordinal);
        // Refused before anything was written: not even the database file.
        Assert.False(File.Exists(portal.DbPath));
    }

    [Fact]
    public async Task Production_with_the_demo_allowed_lists_the_logins_but_never_logs_the_password()
    {
        var logs = new LogCapture();
        await using var portal = new PortalFactory(seedDemo: true, kestrel: true, environment: "Production", logs: logs,
            settings: new Dictionary<string, string?> { ["Demo:AllowInProduction"] = "true" });
        _ = portal.BaseAddress; // started: the logins are logged once the server listens

        var banner = Assert.Single(logs.Messages, m => m.Contains("演示账号", StringComparison.Ordinal));
        Assert.Contains(DemoData.AllianceEmail, banner, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(DemoPassword, StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException many)
                foreach (var inner in many.InnerExceptions.Skip(1).SelectMany(Chain)) yield return inner;
        }
    }

    [Fact]
    public async Task Development_turns_the_demo_on_in_its_own_settings_file()
    {
        await using var portal = new PortalFactory(seedDemo: null);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Users.AnyAsync(u => u.Email == DemoData.AllianceEmail));
    }
}
