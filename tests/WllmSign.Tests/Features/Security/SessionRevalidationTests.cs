using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Components.Account;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.SchoolAdmin.Alliance;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>ASVS V3.3: an open circuit re-checks its account every few minutes; a disabled account loses it.</summary>
public sealed class SessionRevalidationTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, settings: new Dictionary<string, string?> { ["Security:RevalidationMinutes"] = "2" });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    /// <summary>The principal a sign-in of <paramref name="email"/> would carry in its cookie (with its security stamp).</summary>
    private async Task<(ClaimsPrincipal Principal, ApplicationUser User)> SignedInAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        return (await signIn.CreateUserPrincipalAsync(user), user);
    }

    private async Task<bool> StillValidAsync(ClaimsPrincipal principal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        return await provider.IsStillValidAsync(principal);
    }

    [Fact]
    public async Task Disabled_school_admin_fails_the_next_revalidation()
    {
        var (principal, admin) = await SignedInAsync(DemoData.SchoolAdminEmail("10500"));
        Assert.True(await StillValidAsync(principal));

        var (alliancePrincipal, _) = await SignedInAsync(DemoData.AllianceEmail);
        await portal.Services.GetRequiredService<AllianceService>().SetAdminEnabledAsync(CurrentUser.From(alliancePrincipal)!, admin.Id, enabled: false);

        Assert.False(await StillValidAsync(principal));
    }

    [Fact]
    public async Task Locked_out_account_fails_revalidation_even_with_an_unchanged_security_stamp()
    {
        var (principal, _) = await SignedInAsync(DemoData.EmployerEmail);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(DemoData.EmployerEmail))!;
            var stamp = user.SecurityStamp;
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
            Assert.Equal(stamp, (await users.FindByEmailAsync(DemoData.EmployerEmail))!.SecurityStamp);
        }

        Assert.False(await StillValidAsync(principal));
    }

    [Fact]
    public async Task Password_change_elsewhere_ends_the_open_session()
    {
        var (principal, _) = await SignedInAsync(DemoData.StudentEmail);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(DemoData.StudentEmail))!;
            Assert.True((await users.ChangePasswordAsync(user, "Wllm2026!demo", "Another-Pass-2026")).Succeeded);
        }

        Assert.False(await StillValidAsync(principal));
    }

    [Fact]
    public async Task Revalidation_interval_follows_the_setting()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        Assert.Equal(TimeSpan.FromMinutes(2), provider.Interval);
        Assert.Equal(5, new WllmSign.Portal.Features.Security.SecurityOptions().RevalidationMinutes);
    }
}
