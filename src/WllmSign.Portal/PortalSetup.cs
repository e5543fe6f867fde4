using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using WllmSign.Portal.Components;
using WllmSign.Portal.Components.Account;
using WllmSign.Portal.Components.Layout;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Home;
using WllmSign.Portal.Features.Invitations;
using WllmSign.Portal.Features.StudentArea;
using WllmSign.Portal.Features.SchoolAdmin;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Features.Security;
using WllmSign.Portal.Features.Diagnostics;
using WllmSign.Portal.Features.Inbox;

namespace WllmSign.Portal
{
    public static class PortalSetup
    {
        public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
        {
            services.AddRazorComponents().AddInteractiveServerComponents()
                // A browser may send at most 32 KB per circuit message (the framework default, pinned: ASVS V13).
                .AddHubOptions(o => o.MaximumReceiveMessageSize = 32 * 1024);
            // Each circuit's JS runtime builds no JSON metadata for the core library's property-less interfaces of its
            // interop arguments (~35 KB per circuit; Infrastructure/InteropJsonMetadata.cs, decision 043).
            services.AddLeanInteropJsonMetadata();
            services.AddMudServices();
            // A message belongs to the page that showed it: MudBlazor's snackbar service clears them on a navigation.
            services.Configure<MudBlazor.SnackbarConfiguration>(c => c.ClearAfterNavigation = true);
            // MudBlazor's own words and screen-reader labels in Chinese (清除, 打开, 全选, 首页 …).
            services.AddLocalizationInterceptor<WllmSign.Portal.Components.Layout.ChineseMudTexts>();
            services.AddSingleton<WllmSign.Portal.Components.Layout.ThemeStylesheetHolder>();
            services.AddScoped<WllmSign.Portal.Components.Layout.PageTitleState>();

            services.AddCascadingAuthenticationState();
            services.AddScoped<IdentityRedirectManager>();
            services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

            services.AddAuthentication(o =>
                {
                    o.DefaultScheme = IdentityConstants.ApplicationScheme;
                    o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
                })
                .AddIdentityCookies();
            services.ConfigureApplicationCookie(o =>
            {
                o.LoginPath = "/Account/Login";
                o.AccessDeniedPath = "/Account/AccessDenied";
                o.Cookie.Name = "wllmsign.auth";
            });

            services.AddPortalDatabase(config, env);
            services.AddHardening(config, env);
            services.AddReverseProxy(config);
            services.AddCircuitWebSocket(config);
            services.AddSingleton<PublicLinks>();
            services.AddDatabaseDeveloperPageExceptionFilter();

            services.AddIdentityCore<ApplicationUser>(o =>
                {
                    o.SignIn.RequireConfirmedAccount = true;
                    o.User.RequireUniqueEmail = true;
                    o.Password.RequiredLength = 10;
                    o.Password.RequireNonAlphanumeric = false;
                    o.Lockout.AllowedForNewUsers = true;
                    o.Lockout.MaxFailedAccessAttempts = 5;
                    o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                    o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                    // Authenticator codes are accepted once only (decision 013).
                    o.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.Name;
                })
                .AddRoles<IdentityRole>()
                .AddEntityFrameworkStores<AppDbContext>()
                .AddSignInManager<LocalLoginSignInManager>()
                .AddDefaultTokenProviders()
                .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.Name)
                .AddErrorDescriber<ChineseIdentityErrorDescriber>()
                .AddClaimsPrincipalFactory<PortalClaimsFactory>();

            services.TryAddSingletonTimeProvider();
            // Settings are bound one way (OptionsBinding, decision 037); each feature binds its own section.
            services.BindOptions<PortalOptions>(config, "Portal");
            // One registration method per feature area, each in its own folder.
            services.AddAccounts(config);
            services.AddNotifications(config);
            services.AddDemo(config);
            services.AddHome();
            services.AddLive(config);
            services.AddInbox();
            services.AddSignings();
            services.AddEmployerSigningCentre();
            services.AddStudentArea();
            services.AddSchoolAdministration();
            services.AddEmployerDataCentre();
            services.AddAgreements(config);
            services.AddExcel();
            services.AddPortalSecurity(config);
            services.AddPortalDiagnostics(config);
            services.AddSingleton<ClusterJobs>();
            return services;
        }

        private static void TryAddSingletonTimeProvider(this IServiceCollection services)
        {
            if (!services.Any(d => d.ServiceType == typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
        }

        /// <summary>
        /// Refuses demo seeding in Production unless allowed, migrates the database, creates the roles, the first
        /// alliance administrator (<c>Bootstrap:*</c>) and, when <c>Demo:Seed</c> is on, the demo data.
        /// </summary>
        public static async Task InitialisePortalAsync(this WebApplication app)
        {
            var options = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
            // Before anything is written: no demo accounts in Production by accident (docs/decisions/018).
            if (options.RefusalIn(app.Environment) is { } refusal) throw new InvalidOperationException(refusal);
            // The agreement signing certificate (decision 021): loaded, or the demo one created, before anything else;
            // signing on without a certificate stops the start here with the setting to fix.
            app.Services.GetRequiredService<WllmSign.Portal.Features.Agreements.Signatures.AllianceCertificates>();
            await Database.MigrateAsync(app.Services);
            await using var scope = app.Services.CreateAsyncScope();
            var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
            await demo.EnsureRolesAsync();
            await scope.ServiceProvider.GetRequiredService<AllianceBootstrap>()
                .RunAsync(app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value);
            if (!options.Seed) return;
            var seeded = await demo.SeedAsync(options);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WllmSign.Demo");
            var lines = string.Join(Environment.NewLine, DemoData.Logins().Select(l => $"  {l.Role}  {l.Email,-28} {l.Who}"));
            // A production log is kept and shipped: the password never goes there (scripts/run.sh prints it itself).
            var password = app.Environment.IsProduction() ? "Demo:Password 所设的值" : options.Password;
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var urls = string.Join(", ", app.Urls);
                logger.LogInformation(
                    "演示数据{Seeded}。打开 {Urls}{NewLine}演示账号（密码均为 {Password}）：{NewLine}{Lines}",
                    seeded ? "已写入" : "已存在", urls, Environment.NewLine, password, Environment.NewLine, lines);
            });
        }

        public static WebApplication UsePortal(this WebApplication app)
        {
            // First: the client address and scheme behind a configured reverse proxy (docs/deploy.md).
            app.UseReverseProxy();
            if (app.Environment.IsDevelopment())
            {
                app.UseMigrationsEndPoint();
            }
            else
            {
                app.UseExceptionHandler("/Error", createScopeForErrors: true);
            }
            if (app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.UseHttpsRedirection)
            {
                app.UseHsts();
                app.UseHttpsRedirection();
            }
            app.UseSecurityHeaders();
            // Before routing: its re-execution of /not-found is routed again.
            app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
            // Routing here, not first: short-circuited endpoints (GET /verify, decision 030) run right here, after the
            // middleware above and before everything below, which a public static page does not need.
            app.UseRouting();
            var zh = new CultureInfo("zh-CN");
            CultureInfo.DefaultThreadCurrentCulture = zh;
            CultureInfo.DefaultThreadCurrentUICulture = zh;
            app.UseRequestLocalization(new RequestLocalizationOptions
            {
                DefaultRequestCulture = new RequestCulture(zh),
                SupportedCultures = [zh],
                SupportedUICultures = [zh],
            });
            // Explicit (WebApplication would otherwise put them before everything, short-circuited endpoints included).
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseRateLimiter();
            app.UseAntiforgery();
            // Admins without an authenticator reach only the account pages while 2FA is required (decision 013).
            app.UseTwoFactorEnrolment();

            app.MapStaticAssets();
            app.MapThemeStylesheet();
            var circuitSocket = app.Services.GetRequiredService<IOptions<CircuitWebSocketOptions>>().Value;
            app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => CircuitWebSocket.Configure(o, circuitSocket));
            app.MapAdditionalIdentityEndpoints();
            app.MapExternalLogins();
            app.MapAgreements();
            app.MapVerify();
            app.MapExcel();
            app.MapPortalDiagnostics();
            return app;
        }
    }

    public sealed class PortalOptions
    {
        /// <summary>我要招聘: the alliance site's recruitment pages.</summary>
        public string RecruitUrl { get; set; } = "https://www.91wllm.com";

        /// <summary>
        /// The portal's public address as its users reach it (e.g. <c>https://sign.example.edu.cn</c>): every link in
        /// an email and the agreement's QR code are built from it (<see cref="Infrastructure.PublicLinks"/>), never
        /// from the request's Host header.
        /// </summary>
        public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    }
}
