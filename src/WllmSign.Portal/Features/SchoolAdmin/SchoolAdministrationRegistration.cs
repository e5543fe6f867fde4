using WllmSign.Portal.Features.SchoolAdmin.Alliance;
using WllmSign.Portal.Features.SchoolAdmin.Data;
using WllmSign.Portal.Features.SchoolAdmin.Residencies;
using WllmSign.Portal.Features.SchoolAdmin.Roster;
using WllmSign.Portal.Features.SchoolAdmin.Statistics;
using WllmSign.Portal.Features.SchoolAdmin.Verification;

namespace WllmSign.Portal.Features.SchoolAdmin;

/// <summary>The services of #6 school and alliance admin (all stateless: one DbContext per call).</summary>
public static class SchoolAdministrationRegistration
{
    public static IServiceCollection AddSchoolAdministration(this IServiceCollection services)
    {
        services.AddSingleton<IVerificationService, VerificationService>();
        services.AddSingleton<RosterService>();
        services.AddSingleton<RosterExport>();
        services.AddSingleton<ResidencyReviewService>();
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<SchoolDataService>();
        services.AddSingleton<SchoolDataExport>();
        services.AddSingleton<AllianceService>();
        return services;
    }
}
