namespace WllmSign.Portal.Features.Notifications;

/// <summary>The services of the messages: the <c>Email</c> settings, the mailer and the outbox that sends.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.BindOptions<EmailOptions>(config, "Email");
        services.AddSingleton<IMailer, Mailer>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityEmailSender>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
