using WllmSign.Domain.Common;

namespace WllmSign.Portal.Features.Invitations;

/// <summary>
/// At most <see cref="Limit"/> student searches per employer in any minute (in memory, per portal server), so
/// that 签约搜索 cannot be used to enumerate students by guessing names and ID numbers.
/// </summary>
public sealed class EmployerSearchThrottle(TimeProvider clock)
{
    public const int Limit = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const string TooManyMessage = "搜索过于频繁：每分钟最多搜索30次，请稍后再试";

    private readonly Dictionary<int, Queue<DateTimeOffset>> hits = [];
    private readonly Lock gate = new();

    /// <summary>Counts one search of <paramref name="employerId"/>, or throws <see cref="DomainException"/> when over the limit.</summary>
    public void Hit(int employerId)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!hits.TryGetValue(employerId, out var times)) hits[employerId] = times = new Queue<DateTimeOffset>();
            while (times.Count > 0 && times.Peek() <= now - Window) times.Dequeue();
            if (times.Count >= Limit) throw new DomainException(TooManyMessage);
            times.Enqueue(now);
        }
    }
}
