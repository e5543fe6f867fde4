using WllmSign.Portal.Features.DataCenter.Terminations;

namespace WllmSign.Portal.Features.DataCenter;

/// <summary>The services of #7 termination and data centre.</summary>
public static class EmployerDataCentreRegistration
{
    public static IServiceCollection AddEmployerDataCentre(this IServiceCollection services)
    {
        services.AddSingleton<EmployerSigningListService>();
        services.AddSingleton<SigningListExport>();
        services.AddSingleton<EmployerTerminationService>();
        return services;
    }
}
