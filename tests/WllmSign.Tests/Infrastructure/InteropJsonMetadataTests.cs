using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using WllmSign.Portal.Infrastructure;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// Decision 043: a circuit's JS runtime builds no JSON metadata for the property-less core-library interfaces and base
/// types of its interop arguments (the ~33 generic-math interfaces of an <c>int</c>, those of a string and an enum …),
/// and writes every interop payload exactly as the framework's own runtime does.
/// </summary>
public sealed class InteropJsonMetadataTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    /// <summary>The arguments of Blazor's start-up calls (attachWebRendererInterop, navigation interception) and of a typical call of ours.</summary>
    private static object?[] StartUpArguments() =>
    [
        1, DotNetObjectReference.Create(new object()),
        new Dictionary<string, List<string>> { ["a"] = ["b"] }, new Dictionary<string, int[]>(),
        DayOfWeek.Monday, "h1", true, 2.5, new { Id = "x", Count = 3 },
    ];

    private (JSRuntime Circuit, JSRuntime Framework) Runtimes(IServiceScope scope)
    {
        var circuit = (JSRuntime)scope.ServiceProvider.GetRequiredService<IJSRuntime>();
        // The same runtime type as the framework creates it, without the cut.
        var framework = (JSRuntime)ActivatorUtilities.CreateInstance(scope.ServiceProvider, circuit.GetType());
        return (circuit, framework);
    }

    [Fact]
    public void A_circuits_runtime_writes_interop_arguments_as_the_frameworks_own_and_builds_no_metadata_for_their_core_interfaces()
    {
        using var scope = portal.Services.CreateScope();
        var (circuit, framework) = Runtimes(scope);
        Assert.Equal("RemoteJSRuntime", circuit.GetType().Name); // Blazor Server's runtime, still created by the framework's type

        var options = InteropJsonMetadata.OptionsOf(circuit)!;
        Assert.IsType<InteropJsonMetadata.WithoutPropertylessCoreAncestors>(options.TypeInfoResolver);
        Assert.Equal(JsonSerializer.Serialize(StartUpArguments(), InteropJsonMetadata.OptionsOf(framework)),
            JsonSerializer.Serialize(StartUpArguments(), options));

        // No contract (so no metadata) for the int's, string's and enum's property-less ancestors …
        foreach (var ancestor in new[] { typeof(IBinaryInteger<int>), typeof(IAdditionOperators<int, int, int>), typeof(IComparable), typeof(IConvertible),
                     typeof(ICloneable), typeof(IEquatable<string>), typeof(Enum), typeof(ValueType), typeof(IDisposable) })
        {
            Assert.Null(options.TypeInfoResolver!.GetTypeInfo(ancestor, options));
        }
        // … and the framework's for everything with something to write: collections and their interfaces, object, the
        // runtime's own types, classes with properties.
        foreach (var kept in new[] { typeof(object), typeof(int), typeof(string), typeof(IEnumerable<char>), typeof(IDictionary<string, int>),
                     typeof(IReadOnlyCollection<string>), typeof(IJSObjectReference), typeof(Version) })
        {
            Assert.NotNull(options.TypeInfoResolver!.GetTypeInfo(kept, options));
        }
    }

    [Fact]
    public void The_start_up_arguments_cost_a_circuit_less_than_half_the_metadata_the_frameworks_runtime_builds()
    {
        // Warm: the types' reflection data and the resolver's decisions are per process.
        using (var warm = portal.Services.CreateScope())
        {
            var (warmCircuit, warmFramework) = Runtimes(warm);
            JsonSerializer.Serialize(StartUpArguments(), InteropJsonMetadata.OptionsOf(warmCircuit));
            JsonSerializer.Serialize(StartUpArguments(), InteropJsonMetadata.OptionsOf(warmFramework));
        }

        // A new circuit's scope: a fresh runtime (the scope's IJSRuntime is one instance per circuit).
        using var scope = portal.Services.CreateScope();
        var (circuit, framework) = Runtimes(scope);
        var lean = FirstSerialization(circuit);
        var full = FirstSerialization(framework);
        Assert.True(lean * 2 < full, $"first interop serialization allocated {lean:N0} bytes in a circuit's runtime, {full:N0} in the framework's own");
    }

    /// <summary>Bytes this thread allocates for a runtime's first serialization of the start-up arguments: its JSON metadata.</summary>
    private static long FirstSerialization(JSRuntime runtime)
    {
        var options = InteropJsonMetadata.OptionsOf(runtime)!;
        var arguments = StartUpArguments();
        var before = GC.GetAllocatedBytesForCurrentThread();
        JsonSerializer.Serialize(arguments, options);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
