using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using WllmSign.Domain.Audit;
using Microsoft.Extensions.Options;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// Behind a reverse proxy (docs/deploy.md): X-Forwarded-For / -Proto are believed from the configured proxies only, the
/// host filter comes from AllowedHosts, and links in emails come from Portal:PublicBaseUrl, never from the Host header.
/// </summary>
public sealed class ReverseProxyTests
{
    private const string Client = "203.0.113.7";

    private static PortalFactory Portal(params (string Key, string Value)[] settings) =>
        new(seedDemo: true, kestrel: true, settings: settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    /// <summary>A cookie-keeping client of the Kestrel portal that does not follow redirects (the factory's Kestrel client would).</summary>
    private static HttpClient ClientOf(PortalFactory portal) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(portal.BaseAddress),
        };

    private static string TokenOf(string form) =>
        WebUtility.HtmlDecode(Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>Posts the sign-in form with the headers a proxy adds (or a client forges).</summary>
    private static async Task<HttpResponseMessage> SignInThroughProxyAsync(HttpClient client, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = TokenOf(form),
                ["Input.Email"] = DemoData.EmployerEmail, ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("X-Forwarded-For", Client);
        post.Headers.Add("X-Forwarded-Proto", "https");
        return await client.SendAsync(post);
    }

    private static async Task<string?> AuditedAddressAsync(PortalFactory portal, string action)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditLog.Where(e => e.Action == action).Select(e => e.ClientIp).SingleAsync();
    }

    private static string? AuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault(c => c.StartsWith("wllmsign.auth=", StringComparison.Ordinal)) : null;

    [Fact]
    public async Task Through_a_known_proxy_the_audit_log_has_the_forwarded_client_and_the_cookie_is_Secure()
    {
        await using var portal = Portal(("Hosting:KnownProxies:0", "127.0.0.1"));
        using var client = ClientOf(portal);

        using var failed = await SignInThroughProxyAsync(client, "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal(Client, await AuditedAddressAsync(portal, AuditActions.SignInFailed));

        using var signedIn = await SignInThroughProxyAsync(client, "Wllm2026!demo");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(Client, await AuditedAddressAsync(portal, AuditActions.SignIn));
        // The proxy spoke HTTPS to the browser: the sign-in cookie is Secure.
        var cookie = AuthCookie(signedIn);
        Assert.NotNull(cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_proxy_are_ignored()
    {
        // A proxy is configured, but the requests come straight from 127.0.0.1: what they claim is not believed.
        await using var portal = Portal(("Hosting:KnownProxies:0", "10.1.2.3"));
        using var client = ClientOf(portal);

        using var failed = await SignInThroughProxyAsync(client, "wrong-password-1");
        Assert.Equal("127.0.0.1", await AuditedAddressAsync(portal, AuditActions.SignInFailed));

        using var signedIn = await SignInThroughProxyAsync(client, "Wllm2026!demo");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("127.0.0.1", await AuditedAddressAsync(portal, AuditActions.SignIn));
        var cookie = AuthCookie(signedIn);
        Assert.NotNull(cookie);
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_configured_proxy_no_forwarded_header_is_believed()
    {
        await using var portal = Portal();
        using var client = ClientOf(portal);
        using var failed = await SignInThroughProxyAsync(client, "wrong-password-1");
        Assert.Equal("127.0.0.1", await AuditedAddressAsync(portal, AuditActions.SignInFailed));
    }

    [Fact]
    public async Task A_host_outside_AllowedHosts_is_refused()
    {
        await using var portal = Portal(("AllowedHosts", "sign.example.edu.cn;localhost"));
        using var client = ClientOf(portal);
        using var ours = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        foreign.Headers.Host = "evil.example";
        using var refused = await client.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_registration_sent_with_a_foreign_Host_mails_a_link_to_the_configured_address()
    {
        await using var portal = Portal(("Portal:PublicBaseUrl", "https://sign.example.edu.cn"));
        using var client = ClientOf(portal);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/Account/Register");
        get.Headers.Host = "evil.example";
        using var page = await client.SendAsync(get);
        var form = await page.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Register")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "register", ["__RequestVerificationToken"] = TokenOf(form),
                ["Input.UnitName"] = "武汉测试科技有限公司", ["Input.CreditCode"] = "91350100M000100Y43",
                ["Input.ContactName"] = "李女士", ["Input.ContactPhone"] = "027-87654321", ["Input.Email"] = "hr@example.com",
                ["Input.Password"] = "Abcdef12345", ["Input.ConfirmPassword"] = "Abcdef12345",
            }),
        };
        post.Headers.Host = "evil.example";
        using var registered = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var mail = Assert.Single(Directory.GetFiles(portal.MailFolder, "*.eml"));
        var body = (await MimeMessage.LoadAsync(mail)).HtmlBody;
        Assert.Contains("href=\"https://sign.example.edu.cn/Account/ConfirmEmail?userId=", WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "https://sign.example.edu.cn")]
    [InlineData("https://check.example.edu.cn", "https://check.example.edu.cn")]
    public async Task The_agreements_QR_code_leads_to_the_public_address_unless_its_own_setting_says_otherwise(string? agreements, string expected)
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://sign.example.edu.cn", ["Agreements:PublicBaseUrl"] = agreements,
        });
        Assert.Equal(expected, portal.Services.GetRequiredService<IOptions<AgreementOptions>>().Value.PublicBaseUrl);
    }
}
