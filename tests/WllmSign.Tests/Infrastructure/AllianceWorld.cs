using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.AllianceIdP;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Tests.Features.Security;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The stand-in alliance provider (tools/WllmSign.AllianceIdP, in-process on a free loopback port) and a portal with
/// demo data whose <c>Authentication:Alliance</c> points at it; the portal is registered at the provider once its port
/// is known. One per test class (the tests use different alliance accounts).
/// </summary>
public sealed class AllianceWorld : IAsyncLifetime
{
    public const string ClientSecret = "test-client-secret";
    private WebApplication? idp;

    public PortalFactory Portal { get; private set; } = default!;
    public string PortalAddress { get; private set; } = "";
    public string IdpAddress { get; private set; } = "";
    public IdTokenFaults Faults => idp!.Services.GetRequiredService<IdTokenFaults>();

    /// <summary>Extra portal settings (e.g. Authentication:LocalLogin:Employer).</summary>
    public static Dictionary<string, string?> PortalSettings(string authority) => new()
    {
        ["Authentication:Alliance:Authority"] = authority,
        ["Authentication:Alliance:ClientId"] = "wllmsign-portal",
        ["Authentication:Alliance:ClientSecret"] = ClientSecret,
        ["Authentication:Alliance:RequireHttpsMetadata"] = "false",
        ["Authentication:Alliance:Scopes:0"] = "openid",
        ["Authentication:Alliance:Scopes:1"] = "profile",
        ["Authentication:Alliance:Scopes:2"] = "email",
        ["Authentication:Alliance:Scopes:3"] = "phone",
        ["Authentication:Alliance:Scopes:4"] = "alliance",
        ["RateLimits:AccountPostsPerMinute"] = "1000",
    };

    public async Task InitializeAsync()
    {
        idp = AllianceIdpApp.Build(["--urls", "http://127.0.0.1:0", "--Idp:ClientSecret", ClientSecret, "--Logging:LogLevel:Default", "Warning"]);
        await idp.StartAsync();
        var address = idp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        IdpAddress = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Portal = new PortalFactory(seedDemo: true, kestrel: true, settings: PortalSettings(IdpAddress + "/"));
        PortalAddress = Portal.BaseAddress;
        await AllianceIdpApp.RegisterPortalAsync(idp.Services, [PortalAddress]);
        await WalkTheWayToTheProviderAsync();
    }

    /// <summary>
    /// The way a click on 使用联盟账号登录 takes, walked once over HTTP before the first test (decision 042): the portal's
    /// login page, the form post to <see cref="ExternalLoginRegistration.LoginPath"/> (the OpenID Connect handler fetches
    /// the provider's metadata on its first challenge), the provider's authorize endpoint and its login page. Each step
    /// waits for its response (a state), with no retry. Without this the first test's click paid all of it — the
    /// metadata fetch and the first compilation of both servers' paths — inside one navigation wait, and timed out at
    /// 60 s on a busy machine (decision 040). Nothing is signed in and nothing is written: the challenge only sets a
    /// correlation cookie in this client, and the provider shows its login page to a visitor without a session.
    /// </summary>
    private async Task WalkTheWayToTheProviderAsync()
    {
        var timeout = TimeSpan.FromMinutes(5);
        using var portal = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            { BaseAddress = new Uri(PortalAddress), Timeout = timeout };
        var login = await portal.GetStringAsync("/Account/Login");
        using var challenge = await portal.PostAsync(ExternalLoginRegistration.LoginPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["provider"] = ExternalProvider.AllianceScheme,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = SessionClients.Token(login),
        }));
        var authorize = Redirect(challenge, IdpAddress + "/connect/authorize");

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = timeout };
        using var toLogin = await provider.GetAsync(authorize);
        using var loginPage = await provider.GetAsync(Redirect(toLogin, IdpAddress + "/login"));
        if (loginPage.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"The provider's login page answered {(int)loginPage.StatusCode}.");
    }

    /// <summary>Where <paramref name="response"/> redirects to, which must start with <paramref name="expected"/>.</summary>
    private static Uri Redirect(HttpResponseMessage response, string expected)
    {
        var location = response.Headers.Location is { } l ? new Uri(response.RequestMessage!.RequestUri!, l) : null;
        if (response.StatusCode != HttpStatusCode.Redirect || location is null || !location.AbsoluteUri.StartsWith(expected, StringComparison.Ordinal))
            throw new InvalidOperationException($"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode} {location}, not a redirect to {expected}.");
        return location;
    }

    public async Task DisposeAsync()
    {
        if (Portal is not null) await Portal.DisposeAsync();
        if (idp is not null)
        {
            await idp.StopAsync();
            await idp.DisposeAsync();
        }
    }
}
