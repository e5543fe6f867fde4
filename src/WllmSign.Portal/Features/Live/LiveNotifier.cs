using System.Text.Json;
using StackExchange.Redis;

namespace WllmSign.Portal.Features.Live;

/// <summary>The <c>Live</c> section: the Redis backplane of several portal servers (off when <see cref="Redis"/> is empty).</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>A StackExchange.Redis connection string; also where the circuit rate limits are counted (decision 017).</summary>
    public string? Redis { get; set; }

    /// <summary>The channel the live changes travel on; empty: <see cref="LiveNotifier.DefaultChannel"/>.</summary>
    public string? RedisChannel { get; set; }
}

/// <summary>Who is affected by a change: their pending counts and open lists should refresh.</summary>
public sealed record LiveChange(IReadOnlyCollection<int> EmployerIds, IReadOnlyCollection<int> StudentIds, IReadOnlyCollection<int> SchoolIds)
{
    public static LiveChange For(int? employerId = null, int? studentId = null, int? schoolId = null) => new(
        employerId is { } e ? [e] : [], studentId is { } s ? [s] : [], schoolId is { } sc ? [sc] : []);

    /// <summary>Everyone concerned by this change or by <paramref name="other"/>.</summary>
    public LiveChange Merge(LiveChange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new([.. EmployerIds.Union(other.EmployerIds)], [.. StudentIds.Union(other.StudentIds)], [.. SchoolIds.Union(other.SchoolIds)]);
    }

    public bool Concerns(string role, int? employerId, int? studentId, int? schoolId) =>
        (employerId is { } e && EmployerIds.Contains(e))
        || (studentId is { } s && StudentIds.Contains(s))
        || (schoolId is { } sc && SchoolIds.Contains(sc));
}

/// <summary>
/// Live changes gathered by a job that changes many signings in a row (the invitation expiry), published together:
/// every user concerned by any of them reloads once per batch instead of once per signing (decision 046).
/// </summary>
public sealed class LiveChanges
{
    private readonly HashSet<int> employers = [];
    private readonly HashSet<int> students = [];
    private readonly HashSet<int> schools = [];

    /// <summary>How many changes were added since the last <see cref="Take"/>.</summary>
    public int Count { get; private set; }

    public void Add(LiveChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        employers.UnionWith(change.EmployerIds);
        students.UnionWith(change.StudentIds);
        schools.UnionWith(change.SchoolIds);
        Count++;
    }

    /// <summary>One change concerning everyone of the changes added (sets: a circuit's check is a look-up), and starts
    /// again empty; null when nothing was added.</summary>
    public LiveChange? Take()
    {
        if (Count == 0) return null;
        var change = new LiveChange(new HashSet<int>(employers), new HashSet<int>(students), new HashSet<int>(schools));
        employers.Clear();
        students.Clear();
        schools.Clear();
        Count = 0;
        return change;
    }
}

/// <summary>
/// The one notifier of the portal: services publish after they commit; circuits subscribe in
/// OnInitialized, unsubscribe in Dispose, and re-render with InvokeAsync.
/// In memory by default. When <c>Live:Redis</c> holds a StackExchange.Redis connection string, every change
/// is also published (JSON) on the Redis channel <c>Live:RedisChannel</c> (default <c>wllmsign:live</c>), and the
/// changes other servers publish there are raised here too; this process's own messages are recognised by
/// a per-process id and ignored (they were raised locally already).
/// </summary>
public sealed class LiveNotifier : IDisposable
{
    public const string DefaultChannel = "wllmsign:live";

    private readonly ILogger<LiveNotifier>? logger;
    private readonly ConnectionMultiplexer? redis;
    private readonly RedisChannel channel;

    /// <summary>In-process only.</summary>
    public LiveNotifier() { }

    /// <summary>In-process, plus the Redis backplane when <c>Live:Redis</c> is configured.</summary>
    public LiveNotifier(IOptions<LiveOptions> settings, ILogger<LiveNotifier> logger)
    {
        this.logger = logger;
        var connection = settings.Value.Redis;
        if (string.IsNullOrWhiteSpace(connection)) return;
        channel = RedisChannel.Literal(settings.Value.RedisChannel is { Length: > 0 } c ? c : DefaultChannel);
        var options = ConfigurationOptions.Parse(connection);
        options.AbortOnConnectFail = false; // the portal starts even when Redis is down; it reconnects by itself
        redis = ConnectionMultiplexer.Connect(options);
        try
        {
            // Synchronous: once this notifier exists, it hears the other servers.
            redis.GetSubscriber().Subscribe(channel, (_, message) => OnRedisMessage(message));
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Subscribing to the live-counts channel failed; other servers' changes will not be seen until Redis is back");
        }
        logger.LogInformation("Live counts use the Redis backplane (channel {Channel}, process {Origin})", channel, ProcessId);
    }

    /// <summary>Tells this process's own messages apart on the shared channel.</summary>
    public string ProcessId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>True when changes also travel through Redis.</summary>
    public bool UsesRedis => redis is not null;

    public event Action<LiveChange>? Changed;

    /// <summary>How many handlers listen now (one per live circuit, plus open pages): a leak check for tests.</summary>
    public int SubscriberCount => Changed?.GetInvocationList().Length ?? 0;

    /// <summary>Call after the commit. Raises the change here at once and, with Redis, on the other servers.</summary>
    public void Publish(LiveChange change)
    {
        Raise(change);
        if (redis is null) return;
        try
        {
            var json = JsonSerializer.Serialize(new LiveMessage(ProcessId, change.EmployerIds, change.StudentIds, change.SchoolIds));
            redis.GetSubscriber().Publish(channel, json, CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            logger?.LogWarning(ex, "Publishing a live change to Redis failed");
        }
    }

    private void OnRedisMessage(RedisValue message)
    {
        try
        {
            var m = JsonSerializer.Deserialize<LiveMessage>(message.ToString());
            if (m is null || m.Origin == ProcessId) return;
            Raise(new LiveChange(m.EmployerIds ?? [], m.StudentIds ?? [], m.SchoolIds ?? []));
        }
        catch (JsonException ex)
        {
            logger?.LogWarning(ex, "Ignoring a malformed live-counts message");
        }
    }

    /// <summary>One faulty subscriber must not keep the others from hearing the change.</summary>
    private void Raise(LiveChange change)
    {
        if (Changed is not { } handlers) return;
        foreach (var h in handlers.GetInvocationList().Cast<Action<LiveChange>>())
        {
            try
            {
                h(change);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger?.LogWarning(ex, "A live-counts subscriber failed");
            }
        }
    }

    public void Dispose() => redis?.Dispose();

    /// <summary>The JSON on the Redis channel.</summary>
    internal sealed record LiveMessage(string Origin, IReadOnlyCollection<int>? EmployerIds, IReadOnlyCollection<int>? StudentIds, IReadOnlyCollection<int>? SchoolIds);
}
