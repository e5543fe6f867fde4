using System.Net;
using System.Net.Sockets;
using WllmSign.Portal.Infrastructure;
using WllmSign.Tests.Features.Live;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// Several portal servers (Live:Redis set) count the circuit limits together in Redis: a caller whose attempts land on
/// two servers gets the limit once, not twice; when Redis cannot be reached each server still limits on its own.
/// A private redis-server on loopback (Debian's package, installed by scripts/setup.sh).
/// </summary>
public sealed class SharedRateLimitsTests
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Two_servers_on_one_Redis_share_each_callers_limit()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = "test:" + Guid.NewGuid().ToString("N") + ":";
        using var first = new CircuitRateLimits(new CircuitRateLimitOptions(), clock, redis.ConnectionString, prefix);
        using var second = new CircuitRateLimits(new CircuitRateLimitOptions(), clock, redis.ConnectionString, prefix);

        // 查验: 20 a minute per client address, wherever the requests land.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(first.TryAcquire(CircuitAction.Verify, "203.0.113.7", out _));
            Assert.True(second.TryAcquire(CircuitAction.Verify, "203.0.113.7", out _));
        }
        Assert.False(first.TryAcquire(CircuitAction.Verify, "203.0.113.7", out var refusal));
        Assert.StartsWith("查询过于频繁，请", refusal, StringComparison.Ordinal);
        Assert.False(second.TryAcquire(CircuitAction.Verify, "203.0.113.7", out _));

        // Another caller has a limit of its own; the next window starts afresh on both servers.
        Assert.True(second.TryAcquire(CircuitAction.Verify, "198.51.100.1", out _));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(first.TryAcquire(CircuitAction.Verify, "203.0.113.7", out _));
        Assert.True(second.TryAcquire(CircuitAction.Verify, "203.0.113.7", out _));
    }

    [Fact]
    public void Without_a_reachable_Redis_each_server_still_applies_the_limit_itself()
    {
        using var unreachable = new CircuitRateLimits(new CircuitRateLimitOptions(), clock, $"127.0.0.1:{ClosedPort()},connectTimeout=500");
        var allowed = 0;
        while (allowed < 1000 && unreachable.TryAcquire(CircuitAction.EmployerSearch, "employer:1", out _)) allowed++;
        Assert.Equal(30, allowed);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed
    }
}
