namespace WllmSign.Portal.Features.Demo;

/// <summary>The demo data and its <c>Demo</c> settings (off unless turned on: decision 018).</summary>
public static class DemoRegistration
{
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration config)
    {
        services.BindOptions<DemoOptions>(config, "Demo");
        services.AddScoped<DemoData>();
        return services;
    }
}
