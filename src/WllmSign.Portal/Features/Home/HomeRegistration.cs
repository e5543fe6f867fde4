namespace WllmSign.Portal.Features.Home;

/// <summary>The home pages' data.</summary>
public static class HomeRegistration
{
    public static IServiceCollection AddHome(this IServiceCollection services) => services.AddSingleton<HomeService>();
}
