using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using WllmSign.ScaleBenchmarks;

// Lists on the large database (tools/WllmSign.DataGen). Set WLLM_BENCH_SQLITE and/or WLLM_BENCH_POSTGRES.
//   dotnet run -c Release --project benchmarks/WllmSign.ScaleBenchmarks -- --p95          # stopwatch p50/p95/max per scenario
//   dotnet run -c Release --project benchmarks/WllmSign.ScaleBenchmarks -- --job short --filter '*'
if (!Scenarios.ConfiguredProviders().Any())
{
    Console.Error.WriteLine("Set WLLM_BENCH_SQLITE (a file) and/or WLLM_BENCH_POSTGRES (a connection string) to a generated database.");
    return 2;
}

if (args is ["--p95", ..])
{
    var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
    foreach (var provider in Scenarios.ConfiguredProviders())
    {
        await using var s = new Scenarios(provider);
        foreach (var (name, run) in s.All())
        {
            var total = 0;
            for (var i = 0; i < 10; i++) total = await run();
            var times = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider,-8} {name,-36} total {total,7:N0}  p50 {times[runs / 2],7:F2} ms  p95 {times[(int)(runs * 0.95) - 1],7:F2} ms  max {times[^1],7:F2} ms  ({runs} runs)"));
        }
    }
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ListBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddColumn(StatisticColumn.P95));
return 0;
