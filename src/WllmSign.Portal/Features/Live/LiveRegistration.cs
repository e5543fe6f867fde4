using Microsoft.AspNetCore.Components.Server.Circuits;

namespace WllmSign.Portal.Features.Live;

/// <summary>The live changes: the notifier (one process, or every server through Redis) and each circuit's counts.</summary>
public static class LiveRegistration
{
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration config)
    {
        services.BindOptions<LiveOptions>(config, LiveOptions.Section);
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<PendingCountsService>();
        services.AddScoped<LiveCountsState>();
        services.AddScoped<CircuitHandler, LiveCircuitHandler>();
        return services;
    }
}
