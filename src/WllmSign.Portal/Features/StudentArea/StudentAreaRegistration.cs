namespace WllmSign.Portal.Features.StudentArea;

/// <summary>The services of #5 student area.</summary>
public static class StudentAreaRegistration
{
    public static IServiceCollection AddStudentArea(this IServiceCollection services)
    {
        services.AddScoped<StudentClaimService>();
        services.AddSingleton<StudentInvitationService>();
        services.AddSingleton<StudentAgreementService>();
        services.AddSingleton<StudentProfileService>();
        services.AddSingleton<InvitationExpiryJob>();
        services.AddHostedService(sp => sp.GetRequiredService<InvitationExpiryJob>());
        return services;
    }
}
