using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace WllmSign.Excel.Benchmarks;

public static class Program
{
    /// <summary>
    /// dotnet run -c Release --project benchmarks/WllmSign.Excel.Benchmarks -- --filter '*' (BenchmarkDotNet), or
    /// -- upload [--big PATH] (<see cref="UploadMeasurements"/>: hostile files and the large-database import).
    /// </summary>
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "upload") await UploadMeasurements.RunAsync(args[1..]);
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

/// <summary>BenchmarkDotNet's short run (1 launch, 3 warm-ups, 3 iterations).</summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig() => AddJob(Job.ShortRun);
}

/// <summary>The short run with one invocation per iteration: the import needs an emptied send list before each run.</summary>
public sealed class SingleInvocationShortConfig : ManualConfig
{
    public SingleInvocationShortConfig() => AddJob(Job.ShortRun.WithInvocationCount(1).WithUnrollFactor(1));
}
