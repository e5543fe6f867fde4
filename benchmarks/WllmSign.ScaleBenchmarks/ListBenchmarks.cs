using BenchmarkDotNet.Attributes;

namespace WllmSign.ScaleBenchmarks;

/// <summary>One page plus its total count, on the generated large database, per provider.</summary>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private Scenarios scenarios = default!;

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "Sqlite";

    public static IEnumerable<string> Providers() => Scenarios.ConfiguredProviders();

    [GlobalSetup]
    public void Setup() => scenarios = Scenarios.OpenAsync(Provider).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => scenarios.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task EmployerList_All_FirstPage() => scenarios.EmployerAll();

    [Benchmark]
    public Task EmployerList_Filtered() => scenarios.EmployerFiltered();

    [Benchmark]
    public Task EmployerList_ByMajor() => scenarios.EmployerByMajor();

    [Benchmark]
    public Task EmployerList_ByName_SortedBySchool() => scenarios.EmployerByNameSortedBySchool();

    [Benchmark]
    public Task SchoolVerificationQueue_FirstPage() => scenarios.SchoolQueue();
}
