namespace WllmSign.Portal.Features.Accounts;

/// <summary>
/// The services of the accounts: who is signed in, employer registration, the first alliance administrator
/// (<c>Bootstrap</c>), the sign-in record and the external sign-in providers (<c>Authentication</c>).
/// </summary>
public static class AccountsRegistration
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<CurrentUserAccessor>();
        services.AddScoped<EmployerRegistrationService>();
        services.BindOptions<BootstrapOptions>(config, "Bootstrap");
        services.AddScoped<AllianceBootstrap>();
        services.AddSingleton<LoginRecorder>();
        services.AddExternalLogins(config);
        return services;
    }
}
