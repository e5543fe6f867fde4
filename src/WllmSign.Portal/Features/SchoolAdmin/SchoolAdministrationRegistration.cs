namespace WllmSign.Portal.Features.SchoolAdmin;

/// <summary>The services of #6 school and alliance admin.</summary>
public static class SchoolAdministrationRegistration
{
    public static IServiceCollection AddSchoolAdministration(this IServiceCollection services)
    {
        return services;
    }
}
