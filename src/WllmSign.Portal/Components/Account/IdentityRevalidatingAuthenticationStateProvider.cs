using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Security;

namespace WllmSign.Portal.Components.Account;

// A server-side AuthenticationStateProvider that re-checks the connected user every Security:RevalidationMinutes
// (default 5) while an interactive circuit is open: a changed security stamp (password change, disabling) or a
// locked-out account signs the circuit out.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<SecurityOptions> security)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => Interval;

    internal TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(0.1, security.Value.RevalidationMinutes));

    /// <summary>For tests: whether <paramref name="principal"/> would survive the next revalidation.</summary>
    internal Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        ValidateAuthenticationStateAsync(new AuthenticationState(principal), cancellationToken);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null || await userManager.IsLockedOutAsync(user))
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
