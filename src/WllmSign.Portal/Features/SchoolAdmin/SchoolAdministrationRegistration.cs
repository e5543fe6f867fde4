using WllmSign.Portal.Features.SchoolAdmin.Verification;

namespace WllmSign.Portal.Features.SchoolAdmin;

/// <summary>The services of #6 school and alliance admin.</summary>
public static class SchoolAdministrationRegistration
{
    public static IServiceCollection AddSchoolAdministration(this IServiceCollection services)
    {
        services.AddSingleton<IVerificationService, VerificationService>();
        return services;
    }
}
