using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

public sealed class HardeningTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_carry_the_exact_content_security_policy_with_a_fresh_nonce_for_the_import_map()
    {
        using var client = portal.CreateClient();
        var nonces = new List<string>();
        foreach (var address in new[] { "/Account/Login", "/verify" })
        {
            using var response = await client.GetAsync(address);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([A-Za-z0-9_-]{22})'").Groups[1].Value;
            Assert.Equal(22, nonce.Length); // 16 random bytes, base64url
            Assert.Equal(
                "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
                policy);
            // The only inline script, Blazor's import map on the pages that load Blazor (the login; /verify is plain
            // server-rendered HTML without any script), carries this response's nonce; every other script has a src.
            var html = await response.Content.ReadAsStringAsync();
            var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
            var importMaps = scripts.Where(t => t.Contains("importmap", StringComparison.Ordinal)).ToList();
            Assert.Equal(address == "/verify" ? 0 : 1, importMaps.Count);
            Assert.All(importMaps, m => Assert.Contains("nonce=\"" + nonce + "\"", m));
            Assert.All(scripts.Except(importMaps), t => Assert.Contains(" src=", t));
            nonces.Add(nonce);
        }
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Fact]
    public async Task Login_posts_beyond_ten_a_minute_are_refused_in_Chinese()
    {
        using var client = portal.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            using var form = new FormUrlEncodedContent([new("Input.Email", "x@example.com"), new("Input.Password", "wrong")]);
            using var r = await client.PostAsync("/Account/Login", form);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode);
        }
        using var last = new FormUrlEncodedContent([new("Input.Email", "x@example.com"), new("Input.Password", "wrong")]);
        using var refused = await client.PostAsync("/Account/Login", last);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("请求过于频繁，请稍后再试", await refused.Content.ReadAsStringAsync());

        // Reading the page stays possible.
        using var get = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Data_protection_keys_are_kept_in_the_database()
    {
        var protector = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var token = protector.Protect("签约");
        Assert.Equal("签约", protector.Unprotect(token));
        await using var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }
}
