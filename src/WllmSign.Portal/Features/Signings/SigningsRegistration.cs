namespace WllmSign.Portal.Features.Signings;

/// <summary>The one path of every signing change (decision 031) and the signing detail.</summary>
public static class SigningsRegistration
{
    public static IServiceCollection AddSignings(this IServiceCollection services)
    {
        services.AddSingleton<SigningDetailService>();
        services.AddSingleton<SigningCommands>();
        return services;
    }
}
