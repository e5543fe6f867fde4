using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Infrastructure;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// ASVS 2.2.1 / 11.1: work inside circuits is limited with System.Threading.RateLimiting (CircuitRateLimits), per
/// caller, with limits from RateLimits:* and a Chinese refusal that names the wait. The feature tests cover each limit
/// where it is used (签约搜索, 认领, 查验, the import dialog); these cover the defaults, the settings and the message.
/// </summary>
public sealed class CircuitRateLimitsTests
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));

    private CircuitRateLimits Defaults() => new(new CircuitRateLimitOptions(), clock);

    private static int Allowed(CircuitRateLimits limits, CircuitAction action, string caller)
    {
        var allowed = 0;
        while (allowed < 1000 && limits.TryAcquire(action, caller, out _)) allowed++;
        return allowed;
    }

    [Fact]
    public void Employer_search_allows_thirty_a_minute_per_employer()
    {
        using var limits = Defaults();
        Assert.Equal(30, Allowed(limits, CircuitAction.EmployerSearch, "employer:1"));
        Assert.Equal(30, Allowed(limits, CircuitAction.EmployerSearch, "employer:2"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limits.TryAcquire(CircuitAction.EmployerSearch, "employer:1", out _));
    }

    [Fact]
    public void Claim_allows_ten_attempts_per_ten_minutes_per_client_address()
    {
        using var limits = Defaults();
        Assert.Equal(10, Allowed(limits, CircuitAction.Claim, "10.0.0.1"));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(limits.TryAcquire(CircuitAction.Claim, "10.0.0.1", out var refusal));
        Assert.Equal("认领尝试过于频繁，请 60 秒后再试", refusal);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limits.TryAcquire(CircuitAction.Claim, "10.0.0.1", out _));
    }

    [Fact]
    public void Verify_allows_twenty_checks_a_minute_per_client_address()
    {
        using var limits = Defaults();
        Assert.Equal(20, Allowed(limits, CircuitAction.Verify, "10.0.0.1"));
        Assert.Equal(20, Allowed(limits, CircuitAction.Verify, "10.0.0.2"));
    }

    [Fact]
    public void Import_allows_ten_a_minute_per_user()
    {
        using var limits = Defaults();
        Assert.Equal(10, Allowed(limits, CircuitAction.Import, "user-a"));
        var ex = Assert.Throws<DomainException>(() => limits.Acquire(CircuitAction.Import, "user-a"));
        Assert.Equal("导入过于频繁，请 60 秒后再试", ex.Message);
        Assert.True(limits.TryAcquire(CircuitAction.Import, "user-b", out _));
    }

    [Fact]
    public void Each_limit_counts_on_its_own()
    {
        using var limits = Defaults();
        Assert.Equal(10, Allowed(limits, CircuitAction.Import, "same"));
        Assert.True(limits.TryAcquire(CircuitAction.Verify, "same", out _));
    }

    [Fact]
    public void Refusals_name_the_wait_in_seconds_or_minutes()
    {
        Assert.Equal("搜索过于频繁，请 25 秒后再试", CircuitRateLimits.Refusal(CircuitAction.EmployerSearch, TimeSpan.FromSeconds(24.2)));
        Assert.Equal("认领尝试过于频繁，请 10 分钟后再试", CircuitRateLimits.Refusal(CircuitAction.Claim, TimeSpan.FromMinutes(9.5)));
        Assert.Equal("查询过于频繁，请 1 秒后再试", CircuitRateLimits.Refusal(CircuitAction.Verify, TimeSpan.Zero));
    }

    [Fact]
    public async Task Limits_come_from_the_RateLimits_settings()
    {
        await using var portal = new PortalFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["RateLimits:Verify:Permits"] = "3",
            ["RateLimits:Verify:Window"] = "00:05:00",
            ["RateLimits:Import:Permits"] = "2",
        });
        var checks = portal.Services.GetRequiredService<AgreementCheckService>();
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(AgreementCheckStatus.Throttled, (await checks.CheckAsync("10.0.0.9", "105002027000001", "ABCDEFGH")).Status);
        var refused = await checks.CheckAsync("10.0.0.9", "105002027000001", "ABCDEFGH");
        Assert.Equal(AgreementCheckStatus.Throttled, refused.Status);
        Assert.Equal("查询过于频繁，请 5 分钟后再试", refused.Message);

        var limits = portal.Services.GetRequiredService<CircuitRateLimits>();
        Assert.Equal(2, Allowed(limits, CircuitAction.Import, "user-a"));
        Assert.Equal(30, Allowed(limits, CircuitAction.EmployerSearch, "employer:1")); // unset: the default
    }
}
