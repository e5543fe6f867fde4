using System.Net;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Security;
using WllmSign.Tests.Infrastructure;
using static WllmSign.Tests.Features.Security.SessionClients;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// ASVS 3.3.1/3.3.2 (decision 019): school and alliance admins have an idle timeout and an absolute lifetime, from
/// <c>Security:AdminIdleTimeout</c> / <c>Security:AdminAbsoluteLifetime</c>, and no persistent "记住我" cookie.
/// The clock is a fake one that the cookie handler and the checks share.
/// </summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory portal;

    public SessionLifetimeTests() => portal = new PortalFactory(seedDemo: true, clock: clock, settings: new Dictionary<string, string?>
    {
        ["RateLimits:AccountPostsPerMinute"] = "1000",
        // Not the defaults (30 minutes, 12 hours): the settings are read.
        ["Security:AdminIdleTimeout"] = "00:20:00",
        ["Security:AdminAbsoluteLifetime"] = "03:00:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static Task<string> Outcome(HttpClient client, string address) => AuthorizationMatrixTests.OutcomeAsync(client, address);

    [Fact]
    public void The_defaults_are_thirty_idle_minutes_and_twelve_hours()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), new SecurityOptions().AdminIdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), new SecurityOptions().AdminAbsoluteLifetime);
    }

    [Fact]
    public async Task An_admin_idle_longer_than_the_timeout_is_signed_out_but_not_while_active()
    {
        using var admin = Browser(portal);
        await SignInAsync(admin, DemoData.SchoolAdminEmail("10500"));
        // Active: a request every 15 minutes keeps the session well past the 20-minute timeout.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal("200", await Outcome(admin, "/school"));
        }
        // Idle for 21 minutes: the next request, a download included, gets the login.
        clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(AuthorizationMatrix.ToLogin, await Outcome(admin, "/excel/exports/roster.xlsx"));
        Assert.Equal(AuthorizationMatrix.ToLogin, await Outcome(admin, "/school"));
    }

    [Fact]
    public async Task An_employer_is_not_held_to_the_admins_idle_timeout()
    {
        using var employer = Browser(portal);
        await SignInAsync(employer, DemoData.EmployerEmail);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal("200", await Outcome(employer, "/employer"));
    }

    [Fact]
    public async Task An_admin_session_ends_at_the_absolute_lifetime_however_active()
    {
        using var admin = Browser(portal);
        await SignInAsync(admin, DemoData.AllianceEmail);
        // Active every 15 minutes for 3 hours: still signed in.
        for (var i = 0; i < 12; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal("200", await Outcome(admin, "/admin"));
        }
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AuthorizationMatrix.ToLogin, await Outcome(admin, "/admin"));

        // Signing in again starts a new lifetime.
        using var again = Browser(portal);
        await SignInAsync(again, DemoData.AllianceEmail);
        Assert.Equal("200", await Outcome(again, "/admin"));
    }

    [Fact]
    public async Task Admins_get_no_persistent_remember_me_cookie_but_employers_still_may()
    {
        using var admin = Browser(portal);
        using var adminLogin = await PostLoginAsync(admin, DemoData.SchoolAdminEmail("10500"), rememberMe: true);
        Assert.Equal(HttpStatusCode.Redirect, adminLogin.StatusCode);
        var adminCookie = Assert.Single(AuthSetCookies(adminLogin));
        Assert.DoesNotContain("expires=", adminCookie, StringComparison.OrdinalIgnoreCase);

        using var employer = Browser(portal);
        using var employerLogin = await PostLoginAsync(employer, DemoData.EmployerEmail, rememberMe: true);
        var employerCookie = Assert.Single(AuthSetCookies(employerLogin));
        Assert.Contains("expires=", employerCookie, StringComparison.OrdinalIgnoreCase);
    }
}
