using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Infrastructure;

namespace WllmSign.Tests.Features.Live;

public static class LiveServices
{
    /// <summary>
    /// What a component that listens to live counts needs in a bUnit context: the notifier and a per-circuit
    /// LiveCountsState (never started there, so its database is never queried).
    /// </summary>
    public static IServiceCollection AddLiveCountsForComponents(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddAppDbContext<SqliteAppDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<PendingCountsService>();
        services.AddScoped<LiveCountsState>();
        return services;
    }
}
