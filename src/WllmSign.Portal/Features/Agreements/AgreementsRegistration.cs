namespace WllmSign.Portal.Features.Agreements;

/// <summary>The services of #9: the agreement PDF, its downloads and 协议书查验.</summary>
public static class AgreementsRegistration
{
    public static IServiceCollection AddAgreements(this IServiceCollection services)
    {
        services.AddOptions<AgreementOptions>().BindConfiguration(AgreementOptions.Section)
            .PostConfigure<Microsoft.Extensions.Options.IOptions<PortalOptions>>((o, portal) =>
            {
                if (string.IsNullOrWhiteSpace(o.PublicBaseUrl)) o.PublicBaseUrl = portal.Value.PublicBaseUrl;
            });
        services.AddSingleton<AgreementFonts>();
        services.AddSingleton<AgreementService>();
        services.AddSingleton<AgreementCheckService>();
        return services;
    }
}
