using System.Diagnostics;

namespace WllmSign.Portal.Features.Diagnostics;

/// <summary>What <c>GET /diagnostics/counters</c> reports: running totals since the process started, read without a collection
/// (the peak-load benchmark takes the difference over its window and divides by the interactions in it).</summary>
public sealed record WorkSnapshot(long AllocatedBytes, long SqlCommands, double CpuSeconds, int Gen0Collections, int Gen2Collections);

/// <summary>
/// Counts the SQL commands EF Core executes (every context of the process: the portal's factory contexts, Identity's
/// scoped one, the jobs'), through EF Core's <see cref="DiagnosticListener"/> "Microsoft.EntityFrameworkCore": only the
/// command-executed event is switched on, so EF Core builds no other event payloads. Made only with
/// <c>Diagnostics:MemoryEndpoint</c> (a benchmark's setting).
/// </summary>
public sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string ListenerName = "Microsoft.EntityFrameworkCore";
    private const string CommandExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string CommandError = "Microsoft.EntityFrameworkCore.Database.Command.CommandError";

    private readonly IDisposable allListeners;
    private readonly List<IDisposable> subscriptions = [];
    private long commands;

    public SqlCommandCounter() => allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public long Commands => Interlocked.Read(ref commands);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name != ListenerName) return;
        lock (subscriptions) subscriptions.Add(value.Subscribe(this, name => name is CommandExecuted or CommandError));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key is CommandExecuted or CommandError) Interlocked.Increment(ref commands);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        allListeners.Dispose();
        lock (subscriptions)
        {
            foreach (var s in subscriptions) s.Dispose();
            subscriptions.Clear();
        }
    }

    /// <summary>The process's totals now: bytes allocated by every thread (precise), SQL commands, CPU time, collections.</summary>
    public WorkSnapshot Read()
    {
        using var process = Process.GetCurrentProcess();
        return new WorkSnapshot(GC.GetTotalAllocatedBytes(precise: true), Commands, process.TotalProcessorTime.TotalSeconds,
            GC.CollectionCount(0), GC.CollectionCount(2));
    }
}
