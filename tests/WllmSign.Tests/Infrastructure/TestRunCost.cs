using System.Runtime;
using System.Runtime.CompilerServices;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// What a test run cost its test host, written when the host exits if the environment variable <c>WLLM_TEST_COST</c>
/// names a file (decision 053): CPU seconds, methods compiled by the JIT and its time, allocations and garbage
/// collections, and the test portals started, each under the test class that started it (the file
/// <c>&lt;name&gt;.portals</c>). Off unless the variable is set; it changes nothing a test does.
/// </summary>
internal static class TestRunCost
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("WLLM_TEST_COST") is { Length: > 0 } p ? p : null;
    private static readonly Dictionary<string, int> PortalsByClass = [];
    private static int portals;

    [ModuleInitializer]
    internal static void Start()
    {
        if (Path is null) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            File.AppendAllText(Path, $"{DateTime.UtcNow:O} cpu={Environment.CpuUsage.TotalTime.TotalSeconds:F1}s " +
                $"jit_methods={JitInfo.GetCompiledMethodCount()} jit_il_bytes={JitInfo.GetCompiledILBytes()} jit_time={JitInfo.GetCompilationTime().TotalSeconds:F1}s " +
                $"allocated={GC.GetTotalAllocatedBytes() / 1e9:F1}GB gcs={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} " +
                $"gc_pause={GC.GetTotalPauseDuration().TotalSeconds:F1}s portals={portals}\n");
            lock (PortalsByClass)
                File.WriteAllLines(Path + ".portals", PortalsByClass.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Value,5} {kv.Key}"));
        };
    }

    /// <summary>Counts a test portal's start under the test class on the stack (the first frame outside Infrastructure).</summary>
    public static void PortalStarted()
    {
        if (Path is null) return;
        Interlocked.Increment(ref portals);
        var frame = Environment.StackTrace.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("at WllmSign.Tests.", StringComparison.Ordinal) && !l.StartsWith("at WllmSign.Tests.Infrastructure.", StringComparison.Ordinal));
        var name = frame is null ? "(outside a test class)" : frame[3..].Split('(')[0];
        var end = name.IndexOfAny(['+', '<']);
        if (end > 0) name = name[..end].TrimEnd('.');
        else if (name.LastIndexOf('.') is var dot and > 0) name = name[..dot];
        lock (PortalsByClass) PortalsByClass[name] = PortalsByClass.GetValueOrDefault(name) + 1;
    }
}
