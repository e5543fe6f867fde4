namespace WllmSign.Portal.Features.Invitations;

/// <summary>The services of #4 employer signing centre.</summary>
public static class EmployerSigningCentreRegistration
{
    public static IServiceCollection AddEmployerSigningCentre(this IServiceCollection services)
    {
        return services;
    }
}
