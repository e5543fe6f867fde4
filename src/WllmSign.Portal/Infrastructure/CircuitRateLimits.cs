using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace WllmSign.Portal.Infrastructure;

/// <summary>What a circuit (or the public 查验 page) may do only so often.</summary>
public enum CircuitAction
{
    /// <summary>签约搜索, per employer.</summary>
    EmployerSearch,
    /// <summary>学生账号认领, per client address.</summary>
    Claim,
    /// <summary>协议书查验 (/verify), per client address.</summary>
    Verify,
    /// <summary>Excel imports (导入拟签约名单, 导入学生名单), per user.</summary>
    Import,
    /// <summary>Sign-in attempts per account name, from any address (password spraying; decision 019).</summary>
    SignInAccount,
}

/// <summary>One limit: at most <see cref="Permits"/> in each <see cref="Window"/>.</summary>
public sealed class CircuitLimit
{
    public int Permits { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>The <c>RateLimits</c> section's limits for work done inside circuits (the account form posts are <see cref="RateLimitOptions"/>).</summary>
public sealed class CircuitRateLimitOptions
{
    public CircuitLimit EmployerSearch { get; set; } = new() { Permits = 30, Window = TimeSpan.FromMinutes(1) };
    public CircuitLimit Claim { get; set; } = new() { Permits = 10, Window = TimeSpan.FromMinutes(10) };
    public CircuitLimit Verify { get; set; } = new() { Permits = 20, Window = TimeSpan.FromMinutes(1) };
    public CircuitLimit Import { get; set; } = new() { Permits = 10, Window = TimeSpan.FromMinutes(1) };
    public CircuitLimit SignInAccount { get; set; } = new() { Permits = 10, Window = TimeSpan.FromMinutes(15) };

    public CircuitLimit For(CircuitAction action) => action switch
    {
        CircuitAction.EmployerSearch => EmployerSearch,
        CircuitAction.Claim => Claim,
        CircuitAction.Verify => Verify,
        CircuitAction.Import => Import,
        CircuitAction.SignInAccount => SignInAccount,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}

/// <summary>
/// The limits of circuit work, with System.Threading.RateLimiting (the package behind ASP.NET Core's rate limiter):
/// one <see cref="PartitionedRateLimiter{TResource}"/> whose partitions are fixed-window limiters keyed by the action,
/// the caller (user, employer or client address) and the current window of the portal's <see cref="TimeProvider"/>
/// (so that windows follow the injected clock; an old window's partition goes idle and is dropped by the limiter).
/// With <c>Live:Redis</c> set (several portal servers), the windows are counted in Redis instead, so a caller spread
/// over N servers still gets the limit once, not N times: one atomic INCR (plus its expiry) per attempt on the key
/// of action, caller and window. When Redis cannot answer, the attempt is counted by this server's own limiter
/// (the limit per server, as with one server) — a Redis outage neither blocks 查验 nor lifts every limit.
/// </summary>
public sealed class CircuitRateLimits : IDisposable
{
    /// <summary>INCR the window's counter; the first attempt of a window sets its expiry (cleanup only: the key names its window).</summary>
    private const string IncrementScript =
        "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

    private readonly PartitionedRateLimiter<(CircuitAction Action, string Caller)> limiter;
    private readonly CircuitRateLimitOptions options;
    private readonly TimeProvider clock;
    private readonly ConnectionMultiplexer? redis;
    private readonly string keyPrefix;

    /// <param name="redisConnection">A StackExchange.Redis connection string (the portal passes <c>Live:Redis</c>); null: this process only.</param>
    public CircuitRateLimits(CircuitRateLimitOptions options, TimeProvider clock, string? redisConnection = null, string keyPrefix = "wllmsign:rate:")
    {
        this.options = options;
        this.clock = clock;
        this.keyPrefix = keyPrefix;
        if (!string.IsNullOrWhiteSpace(redisConnection))
        {
            var redisOptions = ConfigurationOptions.Parse(redisConnection);
            redisOptions.AbortOnConnectFail = false; // the portal starts without Redis; it reconnects by itself
            redis = ConnectionMultiplexer.Connect(redisOptions);
        }
        limiter = PartitionedRateLimiter.Create<(CircuitAction Action, string Caller), (CircuitAction, string, long)>(resource =>
        {
            var limit = Limit(resource.Action);
            return RateLimitPartition.GetFixedWindowLimiter((resource.Action, resource.Caller, WindowIndex(limit)), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.Permits,
                Window = limit.Window,
                QueueLimit = 0,
            });
        });
    }

    /// <summary>Takes one permit for <paramref name="caller"/>; false with the Chinese refusal (naming the wait) when none is left.</summary>
    public bool TryAcquire(CircuitAction action, string? caller, out string refusal)
    {
        var who = string.IsNullOrWhiteSpace(caller) ? "unknown" : caller;
        var acquired = SharedAttempt(action, who) ?? LocalAttempt(action, who);
        refusal = acquired ? "" : Refusal(action, RetryAfter(action));
        return acquired;
    }

    private bool LocalAttempt(CircuitAction action, string caller)
    {
        using var lease = limiter.AttemptAcquire((action, caller));
        return lease.IsAcquired;
    }

    /// <summary>The attempt counted in Redis; null when there is no Redis or it cannot answer now.</summary>
    private bool? SharedAttempt(CircuitAction action, string caller)
    {
        if (redis is null || !redis.IsConnected) return null;
        var limit = Limit(action);
        var key = string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}{action}:{WindowIndex(limit)}:{caller}");
        try
        {
            var count = (long)redis.GetDatabase().ScriptEvaluate(IncrementScript, [key],
                [(long)(limit.Window + TimeSpan.FromMinutes(1)).TotalMilliseconds]);
            return count <= limit.Permits;
        }
        catch (RedisException)
        {
            return null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Takes one permit or throws a <see cref="DomainException"/> with the refusal.</summary>
    public void Acquire(CircuitAction action, string? caller)
    {
        if (!TryAcquire(action, caller, out var refusal)) throw new DomainException(refusal);
    }

    /// <summary>"搜索过于频繁，请 25 秒后再试" — what was refused and how long to wait.</summary>
    public static string Refusal(CircuitAction action, TimeSpan wait)
    {
        var what = action switch
        {
            CircuitAction.EmployerSearch => "搜索",
            CircuitAction.Claim => "认领尝试",
            CircuitAction.Verify => "查询",
            CircuitAction.SignInAccount => "该账号的登录尝试",
            _ => "导入",
        };
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var text = seconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds} 秒")
            : string.Create(CultureInfo.InvariantCulture, $"{(seconds + 59) / 60} 分钟");
        return $"{what}过于频繁，请 {text}后再试";
    }

    /// <summary>The first words of every refusal of <paramref name="action"/> (without the wait).</summary>
    public static string RefusalPrefix(CircuitAction action) => Refusal(action, TimeSpan.FromSeconds(1)).Split('，')[0];

    private CircuitLimit Limit(CircuitAction action)
    {
        var limit = options.For(action);
        return new CircuitLimit { Permits = Math.Max(1, limit.Permits), Window = limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1) };
    }

    private long WindowIndex(CircuitLimit limit) => clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)limit.Window.TotalMilliseconds;

    private TimeSpan RetryAfter(CircuitAction action)
    {
        var limit = Limit(action);
        var windowMs = (long)limit.Window.TotalMilliseconds;
        var end = (WindowIndex(limit) + 1) * windowMs;
        return TimeSpan.FromMilliseconds(end - clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public void Dispose()
    {
        limiter.Dispose();
        redis?.Dispose();
    }
}
