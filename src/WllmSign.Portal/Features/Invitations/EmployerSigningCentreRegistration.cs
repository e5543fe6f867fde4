using WllmSign.Portal.Features.EmployerProfile;
using WllmSign.Portal.Features.EmployerResidency;

namespace WllmSign.Portal.Features.Invitations;

/// <summary>The services of #4 employer signing centre.</summary>
public static class EmployerSigningCentreRegistration
{
    public static IServiceCollection AddEmployerSigningCentre(this IServiceCollection services)
    {
        services.AddSingleton<EmployerProfileService>();
        services.AddSingleton<EmployerResidencyService>();
        services.AddSingleton<EmployerSearchService>();
        services.AddSingleton<EmployerSendService>();
        services.AddSingleton<SendListExport>();
        return services;
    }
}
