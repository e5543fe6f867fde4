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
