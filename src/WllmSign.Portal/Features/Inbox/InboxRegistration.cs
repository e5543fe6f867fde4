namespace WllmSign.Portal.Features.Inbox;

/// <summary>站内信.</summary>
public static class InboxRegistration
{
    public static IServiceCollection AddInbox(this IServiceCollection services) => services.AddSingleton<InboxService>();
}
