using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Accounts;

/// <summary>A new installation (no demo) gets its first alliance administrator from the Bootstrap settings, once.</summary>
public sealed class AllianceBootstrapTests
{
    private const string Email = "admin@wllm.example";
    private const string Password = "Initial2026Pass";

    private static PortalFactory Installation(string password) => new(seedDemo: null, environment: "Production",
        settings: new Dictionary<string, string?> { ["Bootstrap:AllianceAdminEmail"] = Email, ["Bootstrap:AllianceAdminPassword"] = password });

    [Fact]
    public async Task The_first_alliance_administrator_is_created_once_and_never_reset()
    {
        await using var portal = Installation(Password);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(Email);
        Assert.NotNull(admin);
        Assert.True(admin.EmailConfirmed);
        Assert.True(await users.IsInRoleAsync(admin, Roles.AllianceAdmin));
        Assert.True(await users.CheckPasswordAsync(admin, Password));
        Assert.Single(users.Users);

        // The settings left in place (or changed) at a later start do nothing: an alliance administrator exists.
        var again = await scope.ServiceProvider.GetRequiredService<AllianceBootstrap>()
            .RunAsync(new BootstrapOptions { AllianceAdminEmail = "other@wllm.example", AllianceAdminPassword = "Another2026Pass" });
        Assert.False(again);
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(Email))!, Password));
        Assert.Null(await users.FindByEmailAsync("other@wllm.example"));
    }

    [Fact]
    public async Task A_password_that_breaks_the_rules_stops_the_start_with_the_reason()
    {
        await using var portal = Installation("short");
        var failure = Record.Exception(() => portal.Services);
        Assert.NotNull(failure);
        Assert.Contains("Bootstrap:AllianceAdminPassword is refused", failure.ToString(), StringComparison.Ordinal);
    }
}
