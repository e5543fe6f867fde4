using System.Security.Claims;

namespace WllmSign.Portal.Features.Accounts;

/// <summary>Claim types that carry the signed-in user's scope: every query is filtered by one of them.</summary>
public static class PortalClaims
{
    public const string DisplayName = "wllm:name";
    public const string EmployerId = "wllm:employer";
    public const string StudentId = "wllm:student";
    public const string SchoolId = "wllm:school";
    /// <summary>Present ("on") when the account has two-factor authentication enabled (refreshed on every re-issue of the cookie).</summary>
    public const string TwoFactor = "wllm:2fa";
}

/// <summary>Puts the account's display name and role link into the authentication cookie.</summary>
public sealed class PortalClaimsFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<Microsoft.AspNetCore.Identity.IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, Microsoft.AspNetCore.Identity.IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.EmployerId is { } e) identity.AddClaim(new Claim(PortalClaims.EmployerId, e.ToString(CultureInfo.InvariantCulture)));
        if (user.StudentId is { } s) identity.AddClaim(new Claim(PortalClaims.StudentId, s.ToString(CultureInfo.InvariantCulture)));
        if (user.SchoolId is { } sc) identity.AddClaim(new Claim(PortalClaims.SchoolId, sc.ToString(CultureInfo.InvariantCulture)));
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(PortalClaims.TwoFactor, "on"));
        return identity;
    }
}
