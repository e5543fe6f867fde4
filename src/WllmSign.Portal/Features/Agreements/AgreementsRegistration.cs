using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>The services of #9 and #20: the agreement PDF, its signature and stored files, its downloads and 协议书查验.</summary>
public static class AgreementsRegistration
{
    public static IServiceCollection AddAgreements(this IServiceCollection services, IConfiguration config)
    {
        services.BindOptions<AgreementOptions>(config, AgreementOptions.Section);
        services.AddOptions<AgreementOptions>().PostConfigure<IOptions<PortalOptions>>((o, portal) =>
        {
            if (string.IsNullOrWhiteSpace(o.PublicBaseUrl)) o.PublicBaseUrl = portal.Value.PublicBaseUrl;
        });
        services.BindOptions<AgreementSigningOptions>(config, AgreementSigningOptions.Section);
        services.AddSingleton<AgreementFonts>();
        services.AddSingleton(sp => AllianceCertificates.Load(
            sp.GetRequiredService<IOptions<AgreementSigningOptions>>().Value,
            sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("WllmSign.Agreements.Signing")));
        services.AddSingleton<AgreementFileStore>();
        services.AddSingleton<AgreementService>();
        services.AddSingleton<AgreementIssueSignal>();
        services.AddSingleton<AgreementIssuingJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AgreementIssuingJob>());
        services.AddSingleton<AgreementCheckService>();
        services.AddSingleton<AgreementFileCheckService>();
        return services;
    }
}
