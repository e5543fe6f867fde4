using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Security;
using WllmSign.Tests.Infrastructure;
using static WllmSign.Tests.Features.Security.SessionClients;

namespace WllmSign.Tests.Features.Security;

/// <summary>ASVS 2.2.1 and 5.1.5 (decision 019): throttles that a trailing slash or case cannot sidestep, a per-account limit, no open redirect after sign-in.</summary>
public sealed class AccountAbuseTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, settings: new Dictionary<string, string?>
    {
        // The production default (the test host lifts it for the other tests).
        ["RateLimits:SignInAccount:Permits"] = "10",
    });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Theory]
    [InlineData("/Account/Login/")]
    [InlineData("/ACCOUNT/login")]
    [InlineData("/account/LOGIN//")]
    [InlineData("/Account/Register/")]
    [InlineData("/Account/Claim/")]
    public async Task The_account_form_throttle_counts_every_spelling_of_the_address(string address)
    {
        using var client = portal.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var form = new FormUrlEncodedContent([new("Input.Email", "x@example.com"), new("Input.Password", "wrong")]);
            using var r = await client.PostAsync(address, form);
            statuses.Add(r.StatusCode);
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task Spellings_share_one_budget_with_the_exact_address()
    {
        using var client = portal.CreateClient();
        var addresses = new[] { "/Account/Login", "/Account/Login/", "/ACCOUNT/LOGIN", "/account/login/" };
        for (var i = 0; i < 10; i++)
        {
            using var form = new FormUrlEncodedContent([new("Input.Email", "x@example.com")]);
            using var r = await client.PostAsync(addresses[i % addresses.Length], form);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode);
        }
        using var last = new FormUrlEncodedContent([new("Input.Email", "x@example.com")]);
        using var refused = await client.PostAsync("/Account/Login", last);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task One_account_name_gets_at_most_ten_sign_in_attempts_in_fifteen_minutes_from_any_number_of_addresses()
    {
        // Every attempt from a fresh client address (the per-address throttle never trips), all at one account name.
        await using var spread = Spread(portal);
        var results = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            using var client = From(spread, $"10.0.0.{i + 1}");
            using var r = await PostLoginAsync(client, "nobody-" + "spray@example.com", "Wrong-password-" + i);
            results.Add(WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        }
        Assert.All(results.Take(10), body => Assert.Contains("邮箱或密码不正确", body));
        Assert.Contains("该账号的登录尝试过于频繁，请", results[10]);
        Assert.Equal(10, new WllmSign.Portal.Infrastructure.CircuitRateLimitOptions().SignInAccount.Permits);
        Assert.Equal(TimeSpan.FromMinutes(15), new WllmSign.Portal.Infrastructure.CircuitRateLimitOptions().SignInAccount.Window);

        // The right password of another account still works from those addresses.
        using var other = From(spread, "10.0.0.1");
        await SignInAsync(other, DemoData.EmployerEmail);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_foreign_return_address_after_a_correct_password_goes_to_the_roles_home(string returnUrl)
    {
        using var client = Browser(portal);
        using var r = await PostLoginAsync(client, DemoData.EmployerEmail, address: "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/employer", r.Headers.Location!.IsAbsoluteUri ? r.Headers.Location.PathAndQuery : r.Headers.Location.OriginalString);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(client, "/employer"));
        // The sign-in completed, so its audit entry is true.
        await using var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.Action == AuditActions.SignIn && e.Target == "账号 " + DemoData.EmployerEmail));
    }

    [Fact]
    public async Task A_local_return_address_is_kept()
    {
        using var client = Browser(portal);
        using var r = await PostLoginAsync(client, DemoData.EmployerEmail, address: "/Account/Login?ReturnUrl=" + Uri.EscapeDataString("/employer/data?tab=1"));
        Assert.Equal("/employer/data?tab=1", r.Headers.Location!.IsAbsoluteUri ? r.Headers.Location.PathAndQuery : r.Headers.Location.OriginalString);
        Assert.Equal("/school", ReturnUrls.LocalOr("/%2F/evil", "/school"));
    }

    /// <summary>The same portal, where each request comes from the client address in its <c>X-Test-Client</c> header.</summary>
    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Spread(PortalFactory portal) =>
        portal.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ClientAddressFromHeader())));

    private static HttpClient From(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string address)
    {
        var client = Browser(factory);
        client.DefaultRequestHeaders.Add("X-Test-Client", address);
        return client;
    }

    private sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) =>
            {
                if (IPAddress.TryParse(ctx.Request.Headers["X-Test-Client"], out var address)) ctx.Connection.RemoteIpAddress = address;
                return n();
            });
            next(app);
        };
    }
}
