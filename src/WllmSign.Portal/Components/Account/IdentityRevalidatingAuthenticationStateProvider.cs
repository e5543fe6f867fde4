using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using WllmSign.Portal.Features.Security;

namespace WllmSign.Portal.Components.Account;

// A server-side AuthenticationStateProvider that re-checks the connected user every Security:RevalidationMinutes
// (default 5) while an interactive circuit is open: a changed security stamp (password change, disabling) or a
// locked-out account signs the circuit out; so does the end of an admin's absolute lifetime.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        SessionValidator sessions,
        IOptions<SecurityOptions> security)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => Interval;

    internal TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(0.1, security.Value.RevalidationMinutes));

    /// <summary>For tests: whether <paramref name="principal"/> would survive the next revalidation.</summary>
    internal Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        ValidateAuthenticationStateAsync(new AuthenticationState(principal), cancellationToken);

    // The same check as every cookie request (stamp, lockout, an admin's absolute lifetime: decision 019).
    protected override Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        sessions.IsValidAsync(authenticationState.User, signedIn: null, requireSignInTime: false, cancellationToken);
}
