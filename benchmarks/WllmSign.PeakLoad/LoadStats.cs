using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace WllmSign.PeakLoad;

/// <summary>What the run shares: the portal's address, one HTTP client, the sign-in gate, who is online.</summary>
public sealed class LoadContext(IReadOnlyList<Uri> servers, HttpClient http, int concurrentSignIns, TimeSpan thinkMin, TimeSpan thinkMax)
{
    private readonly ConcurrentDictionary<int, ConcurrentBag<VirtualUser>> employers = new();
    private readonly ConcurrentDictionary<int, ConcurrentBag<VirtualUser>> schools = new();

    /// <summary>The portal servers (one, or several sharing a database and Redis: --servers).</summary>
    public IReadOnlyList<Uri> Servers => servers;
    public HttpClient Http => http;
    public SemaphoreSlim SignInGate { get; } = new(concurrentSignIns);
    public TimeSpan ThinkMin => thinkMin;
    public TimeSpan ThinkMax => thinkMax;
    public LoadStats Stats { get; } = new();

    public void Online(VirtualUser u)
    {
        if (u.User.Role == PeakRole.Employer) employers.GetOrAdd(u.User.EntityId, _ => []).Add(u);
        if (u.User.Role == PeakRole.SchoolAdmin) schools.GetOrAdd(u.User.EntityId, _ => []).Add(u);
    }

    /// <summary>A student answered an invitation now: the employer's 签约待办 (and on 同意, the school's 签约待鉴证) must follow.
    /// <paramref name="server"/> is the server the student's circuit is on: a watcher on another server sees the change
    /// through the Redis backplane.</summary>
    public void Wrote(int employerId, int schoolId, bool accepted, int server)
    {
        var now = Stopwatch.GetTimestamp();
        if (employers.TryGetValue(employerId, out var e)) foreach (var u in e) u.Expect(now, u.Server != server);
        if (accepted && schools.TryGetValue(schoolId, out var s)) foreach (var u in s) u.Expect(now, u.Server != server);
    }
}

/// <summary>The figures of one measuring window (reset at its start) and the run's totals.</summary>
public sealed class LoadStats
{
    private readonly object gate = new();
    private readonly List<double> interactions = [];
    private readonly Dictionary<string, List<double>> byKind = [];
    private readonly List<double> writes = [];
    private readonly List<double> live = [];
    private readonly List<double> liveOther = [];
    private readonly List<double> signIns = [];
    private readonly List<double> starts = [];
    private readonly List<string> errorSamples = [];
    private int errors;
    private int drops;
    private int vanished;
    private long batches;
    private long batchBytes;
    private readonly Dictionary<string, (long Batches, long Bytes)> batchesByKind = [];

    public ConcurrentDictionary<string, CookieContainer> Cookies { get; } = new();
    public int TotalDrops { get; private set; }
    public int TotalErrors { get; private set; }

    public void Interaction(string kind, TimeSpan t)
    {
        lock (gate)
        {
            interactions.Add(t.TotalMilliseconds);
            if (!byKind.TryGetValue(kind, out var list)) byKind[kind] = list = [];
            list.Add(t.TotalMilliseconds);
        }
    }

    /// <summary>A write's click (确认同意, 确认拒绝, 确定通过): an interaction too.</summary>
    public void Write(string kind, TimeSpan t)
    {
        Interaction(kind, t);
        lock (gate) writes.Add(t.TotalMilliseconds);
    }

    /// <summary>A render batch received by any circuit (what the server rendered and sent, asked for or not).</summary>
    public void Batch(int bytes, string kind)
    {
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref batchBytes, bytes);
        lock (gate)
        {
            var (n, b) = batchesByKind.GetValueOrDefault(kind);
            batchesByKind[kind] = (n + 1, b + bytes);
        }
    }

    /// <summary>A badge followed a write; <paramref name="fromOtherServer"/>: the write was on another server (through Redis).</summary>
    public void Live(TimeSpan t, bool fromOtherServer)
    {
        lock (gate)
        {
            live.Add(t.TotalMilliseconds);
            if (fromOtherServer) liveOther.Add(t.TotalMilliseconds);
        }
    }
    public void SignIn(TimeSpan t) { lock (gate) signIns.Add(t.TotalMilliseconds); }
    public void CircuitStart(TimeSpan t) { lock (gate) starts.Add(t.TotalMilliseconds); }

    public void Error(string what)
    {
        lock (gate)
        {
            errors++;
            TotalErrors++;
            if (errorSamples.Count < 5) errorSamples.Add(what);
        }
    }

    /// <summary>
    /// A 通过 click that opened nothing because the row had just been verified by a colleague and removed (the server skips
    /// an event whose component a render had disposed): not an error, not an interaction time.
    /// </summary>
    public void ClickOnVanishedRow() => Interlocked.Increment(ref vanished);

    public void Drop(string what)
    {
        lock (gate)
        {
            drops++;
            TotalDrops++;
            if (errorSamples.Count < 5) errorSamples.Add("dropped: " + what);
        }
    }

    public Window Take()
    {
        lock (gate)
        {
            var w = new Window([.. interactions], byKind.ToDictionary(p => p.Key, p => p.Value.ToArray()), [.. writes], [.. live], [.. liveOther],
                [.. signIns], [.. starts], errors, drops, [.. errorSamples], Interlocked.Exchange(ref batches, 0), Interlocked.Exchange(ref vanished, 0))
            {
                BatchBytes = Interlocked.Exchange(ref batchBytes, 0),
                BatchesByKind = new Dictionary<string, (long, long)>(batchesByKind),
            };
            batchesByKind.Clear();
            interactions.Clear();
            byKind.Clear();
            writes.Clear();
            live.Clear();
            liveOther.Clear();
            signIns.Clear();
            starts.Clear();
            errorSamples.Clear();
            errors = 0;
            drops = 0;
            return w;
        }
    }

    public sealed record Window(double[] Interactions, Dictionary<string, double[]> ByKind, double[] Writes, double[] Live, double[] LiveFromOtherServer, double[] SignIns,
        double[] Starts, int Errors, int Drops, string[] ErrorSamples, long Batches, int ClicksOnVanishedRows)
    {
        /// <summary>The render batches' payload bytes received in the window (what the server serialized and sent).</summary>
        public long BatchBytes { get; init; }
        /// <summary>Render batches (and their bytes) received after an interaction of each kind started, until the user's next
        /// ("" before the first; a live update is counted with the interaction it follows).</summary>
        public Dictionary<string, (long Batches, long Bytes)> BatchesByKind { get; init; } = [];
    }

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
