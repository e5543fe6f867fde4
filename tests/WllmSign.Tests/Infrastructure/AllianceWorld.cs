using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.AllianceIdP;

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
