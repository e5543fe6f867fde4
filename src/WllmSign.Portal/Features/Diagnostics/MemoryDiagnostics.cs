using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace WllmSign.Portal.Features.Diagnostics;

/// <summary>The <c>Diagnostics</c> section of the configuration.</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>
    /// Maps <c>GET /diagnostics/memory</c>, <c>GET /diagnostics/counters</c> and the floor page <c>GET /diagnostics/empty-circuit</c>
    /// (loopback clients only) for the circuit-memory and peak-load benchmarks. Off by default and meant to stay off on a real installation: every
    /// memory call forces a full, compacting garbage collection.
    /// </summary>
    public bool MemoryEndpoint { get; set; }
}

/// <summary>What <c>GET /diagnostics/memory</c> reports, right after a forced full compacting collection.</summary>
public sealed record MemorySnapshot(long GcHeapBytes, long GcCommittedBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);

/// <summary>Counts the server's circuits: opened and not yet closed, and of those the ones with a live connection.</summary>
public sealed class CircuitCounter
{
    private int open;
    private int connected;
    public int Open => Volatile.Read(ref open);
    public int Connected => Volatile.Read(ref connected);

    internal sealed class Handler(CircuitCounter counter) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct) { Interlocked.Increment(ref counter.open); return Task.CompletedTask; }
        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct) { Interlocked.Decrement(ref counter.open); return Task.CompletedTask; }
        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken ct) { Interlocked.Increment(ref counter.connected); return Task.CompletedTask; }
        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken ct) { Interlocked.Decrement(ref counter.connected); return Task.CompletedTask; }
    }
}

public static class MemoryDiagnostics
{
    public const string Path = "/diagnostics/memory";

    /// <summary>The running totals of <see cref="WorkSnapshot"/> (no collection): allocated bytes, SQL commands, CPU.</summary>
    public const string CountersPath = "/diagnostics/counters";

    /// <summary>The benchmark's floor: a page whose only content is one empty interactive component (<see cref="EmptyCircuit"/>).</summary>
    public const string EmptyCircuitPath = "/diagnostics/empty-circuit";

    public static IServiceCollection AddPortalDiagnostics(this IServiceCollection services, IConfiguration config)
    {
        if (!services.BindOptions<DiagnosticsOptions>(config, DiagnosticsOptions.Section).MemoryEndpoint) return services;
        services.AddSingleton<CircuitCounter>();
        services.AddSingleton<SqlCommandCounter>();
        services.AddScoped<CircuitHandler, CircuitCounter.Handler>();
        return services;
    }

    public static WebApplication MapPortalDiagnostics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.MemoryEndpoint) return app;
        app.MapGet(Path, (HttpContext ctx, CircuitCounter circuits) =>
        {
            if (ctx.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip)) return Results.NotFound();
            return Results.Json(Measure(circuits));
        }).AllowAnonymous();
        // Made now, so that it counts from the start (not from the first read).
        var commands = app.Services.GetRequiredService<SqlCommandCounter>();
        app.MapGet(CountersPath, (HttpContext ctx) =>
            ctx.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) ? Results.Json(commands.Read()) : Results.NotFound()).AllowAnonymous();
        app.MapGet(EmptyCircuitPath, (HttpContext ctx) =>
            ctx.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? (IResult)new RazorComponentResult<EmptyCircuitPage>()
                : Results.NotFound()).AllowAnonymous();
        return app;
    }

    /// <summary>Collects everything collectable (twice, around the finalizers) and reads the managed heap and the process's resident memory.</summary>
    public static MemorySnapshot Measure(CircuitCounter circuits)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        return new MemorySnapshot(GC.GetTotalMemory(forceFullCollection: false), info.TotalCommittedBytes, process.WorkingSet64,
            circuits.Open, circuits.Connected);
    }
}
