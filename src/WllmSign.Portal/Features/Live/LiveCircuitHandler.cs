using Microsoft.AspNetCore.Components.Server.Circuits;

namespace WllmSign.Portal.Features.Live;

/// <summary>When a circuit reconnects after a drop, its counts may be stale: reload them.</summary>
public sealed class LiveCircuitHandler(LiveCountsState state) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) => state.ReloadAsync();
}
