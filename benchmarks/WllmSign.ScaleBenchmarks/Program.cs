using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using WllmSign.ScaleBenchmarks;

// Lists on the large database (tools/WllmSign.DataGen). Set WLLM_BENCH_SQLITE and/or WLLM_BENCH_POSTGRES.
//   dotnet run -c Release --project benchmarks/WllmSign.ScaleBenchmarks -- --p95          # stopwatch p50/p95/max per scenario
//   dotnet run -c Release --project benchmarks/WllmSign.ScaleBenchmarks -- --p95 100 'School'  # only scenarios whose name contains School
//   dotnet run -c Release --project benchmarks/WllmSign.ScaleBenchmarks -- --send 20     # 预览 + 确认发送 of 200 invitations, 20 times
//   dotnet run -c Release --project benchmarks/WllmSign.ScaleBenchmarks -- --job short --filter '*'
// Every mode first applies the portal's migrations to the database (the generated one may predate the latest).
if (!Scenarios.ConfiguredProviders().Any())
{
    Console.Error.WriteLine("Set WLLM_BENCH_SQLITE (a file) and/or WLLM_BENCH_POSTGRES (a connection string) to a generated database.");
    return 2;
}

if (args is ["--p95", ..])
{
    var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
    var only = args.Length > 2 ? args[2] : "";
    Console.WriteLine($"load average: {LoadAverage()}");
    foreach (var provider in Scenarios.ConfiguredProviders())
    {
        await using var s = await Scenarios.OpenAsync(provider);
        foreach (var (name, run) in s.All().Where(x => x.Name.Contains(only, StringComparison.Ordinal)))
        {
            var total = 0;
            for (var i = 0; i < 10; i++) total = await run();
            var times = new double[runs];
            var cpu = CpuMeter.Start(provider);
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            var (client, server) = cpu.PerRun(runs);
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider,-8} {name,-36} total {total,7:N0}  p50 {times[runs / 2],7:F2} ms  p95 {times[(int)(runs * 0.95) - 1],7:F2} ms  max {times[^1],7:F2} ms  cpu {client,5:F2}+{server,5:F2} ms  ({runs} runs)"));
        }
    }
    Console.WriteLine($"load average: {LoadAverage()}");
    return 0;
}

if (args is ["--send", ..])
{
    var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
    Console.WriteLine($"load average: {LoadAverage()}");
    foreach (var provider in Scenarios.ConfiguredProviders())
    {
        await using var s = await Scenarios.OpenAsync(provider);
        for (var i = 0; i < 2; i++) await s.SendBatchAsync(200, i);
        var times = new double[runs];
        for (var i = 0; i < runs; i++) times[i] = await s.SendBatchAsync(200, i + 2);
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider,-8} 预览+确认发送, 200 invitations          p50 {times[runs / 2],7:F1} ms  p95 {times[(int)Math.Ceiling(runs * 0.95) - 1],7:F1} ms  max {times[^1],7:F1} ms  ({runs} runs)"));
    }
    Console.WriteLine($"load average: {LoadAverage()}");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ListBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddColumn(StatisticColumn.P95));
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

/// <summary>
/// CPU time per run, to read the wall-clock figures of a shared machine: this process's, and on PostgreSQL the server
/// processes' (children of the postmaster named by <c>WLLM_BENCH_PG_DATA</c>, the cluster's data directory; 0 when unset).
/// </summary>
sealed class CpuMeter
{
    private readonly TimeSpan client0 = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double server0;
    private readonly bool postgres;

    private CpuMeter(bool postgres)
    {
        this.postgres = postgres;
        server0 = postgres ? ServerMs() : 0;
    }

    public static CpuMeter Start(string provider) => new(provider == "Postgres");

    public (double Client, double Server) PerRun(int runs) =>
        ((Process.GetCurrentProcess().TotalProcessorTime - client0).TotalMilliseconds / runs, postgres ? (ServerMs() - server0) / runs : 0);

    private static double ServerMs()
    {
        var data = Environment.GetEnvironmentVariable("WLLM_BENCH_PG_DATA");
        if (string.IsNullOrEmpty(data) || !File.Exists(Path.Combine(data, "postmaster.pid"))) return 0;
        var postmaster = File.ReadLines(Path.Combine(data, "postmaster.pid")).First().Trim();
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After the command: state, ppid, ..., utime (14th field overall = index 11 here), stime (index 12).
                if (fields[1] == postmaster || Path.GetFileName(dir) == postmaster)
                    ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return ticks * 10; // USER_HZ = 100 on Linux
    }
}
