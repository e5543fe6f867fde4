using System.Collections.Concurrent;

namespace WllmSign.Portal.Features.StudentArea;

/// <summary>
/// Counts account-claim attempts per client address in memory: at most <see cref="MaxAttempts"/> in any
/// <see cref="Window"/>. One portal process; a restart forgets (good enough against guessing ID numbers
/// through one server; several servers would need a shared store).
/// </summary>
public sealed class ClaimThrottle(TimeProvider clock)
{
    public const int MaxAttempts = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    public const string TooManyMessage = "尝试次数过多，请10分钟后再试";

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> attempts = new(StringComparer.Ordinal);

    /// <summary>Records an attempt from <paramref name="clientIp"/>; false when the limit is already reached (nothing recorded).</summary>
    public bool TryAttempt(string? clientIp)
    {
        var key = string.IsNullOrWhiteSpace(clientIp) ? "unknown" : clientIp;
        var now = clock.GetUtcNow();
        var queue = attempts.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() >= Window) queue.Dequeue();
            if (queue.Count >= MaxAttempts) return false;
            queue.Enqueue(now);
            return true;
        }
    }
}
