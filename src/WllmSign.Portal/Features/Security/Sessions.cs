using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.StaticAssets;

namespace WllmSign.Portal.Features.Security;

/// <summary>
/// Sessions that really end (decision 019). Every request that carries the sign-in cookie is checked against the
/// database (one primary-key lookup of the account's security stamp and lockout): 退出 renews the stamp, so every
/// copy of the cookie, on every server, stops working at its next request; so does 停用 (which renews the stamp)
/// and a lockout. School and alliance admins also have an idle timeout (the cookie's own expiry, renewed by their
/// requests) and an absolute lifetime counted from the sign-in, and never a persistent "记住我" cookie.
/// </summary>
public static class PortalSessions
{
    /// <summary>The sign-in time (Unix seconds) in the cookie's properties; kept across renewals and re-issues.</summary>
    public const string SignedInItem = ".wllm.signedin";

    /// <summary>The same time as a claim, for the open circuits (which see the principal, not the properties).</summary>
    public const string SignedInClaim = "wllm:signedin";

    /// <summary>Wires the checks into Identity's application cookie. Call after <c>AddIdentityCookies</c>.</summary>
    public static IServiceCollection AddPortalSessions(this IServiceCollection services)
    {
        services.AddSingleton<SessionValidator>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Events.OnSigningIn = SigningInAsync;
            o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
            o.Events.OnCheckSlidingExpiration = CheckSlidingExpiration;
        });
        return services;
    }

    public static bool IsAdmin(ClaimsPrincipal? user) =>
        user is not null && (user.IsInRole(Roles.SchoolAdmin) || user.IsInRole(Roles.AllianceAdmin));

    private static Task SigningInAsync(CookieSigningInContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = services.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        // A re-issue (Identity's RefreshSignInAsync after a profile or 2FA change) keeps the original sign-in time.
        if (!ctx.Properties.Items.TryGetValue(SignedInItem, out var signedIn) || signedIn is null)
        {
            signedIn = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            ctx.Properties.Items[SignedInItem] = signedIn;
        }
        if (ctx.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SignedInClaim))
            identity.AddClaim(new Claim(SignedInClaim, signedIn));
        if (IsAdmin(ctx.Principal))
        {
            // No 14-day "记住我" for admins: a browser-session cookie whose ticket expires after the idle timeout.
            ctx.Properties.IsPersistent = false;
            ctx.Properties.IssuedUtc = now;
            ctx.Properties.ExpiresUtc = now + options.AdminIdleTimeout;
        }
        return Task.CompletedTask;
    }

    /// <summary>Admins: the cookie is renewed by any request a minute after its last renewal, so the idle timeout is exact to a minute.</summary>
    private static Task CheckSlidingExpiration(CookieSlidingExpirationContext ctx)
    {
        if (IsAdmin(ctx.Principal)) ctx.ShouldRenew = ctx.ElapsedTime >= TimeSpan.FromMinutes(1);
        return Task.CompletedTask;
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext ctx)
    {
        // Static files (stylesheets, scripts, images) carry no user data: no database lookup for them.
        if (ctx.HttpContext.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null) return;
        var validator = ctx.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        ctx.Properties.Items.TryGetValue(SignedInItem, out var signedIn);
        if (ctx.Principal is null || !await validator.IsValidAsync(ctx.Principal, ParseTime(signedIn), requireSignInTime: true, ctx.HttpContext.RequestAborted))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // Identity's own validator still refreshes the claims every 30 minutes (e.g. the 2FA claim); its fresh
        // principal gets the sign-in time again, for the circuits' absolute-lifetime check.
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
        if (signedIn is not null && ctx.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SignedInClaim))
            identity.AddClaim(new Claim(SignedInClaim, signedIn));
    }

    internal static DateTimeOffset? ParseTime(string? unixSeconds) =>
        long.TryParse(unixSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}

/// <summary>
/// Whether a signed-in principal still stands: the account exists, its security stamp is the one in the cookie,
/// it is not locked out (停用 locks it for ever), and for an admin the absolute lifetime has not run out. The state
/// is in the database, so this holds across several servers. Used by every request and by the open circuits.
/// </summary>
public sealed class SessionValidator(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IOptionsMonitor<SecurityOptions> security,
    IOptions<IdentityOptions> identity)
{
    /// <param name="signedIn">The sign-in time from the cookie's properties, or null to read it from the principal's claim.</param>
    /// <param name="requireSignInTime">True for cookies: an admin cookie without a sign-in time (older than this check) is refused.</param>
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, DateTimeOffset? signedIn, bool requireSignInTime, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = identity.Value.ClaimsIdentity;
        var userId = principal.FindFirstValue(claims.UserIdClaimType);
        if (userId is null) return false;
        var now = clock.GetUtcNow();
        if (PortalSessions.IsAdmin(principal))
        {
            signedIn ??= PortalSessions.ParseTime(principal.FindFirstValue(PortalSessions.SignedInClaim));
            if (signedIn is null && requireSignInTime) return false;
            if (signedIn is { } at && now - at > security.CurrentValue.AdminAbsoluteLifetime) return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.LockoutEnabled, u.LockoutEnd })
            .SingleOrDefaultAsync(ct);
        if (account is null) return false;
        if (account.LockoutEnabled && account.LockoutEnd is { } end && end > now) return false;
        return account.SecurityStamp == principal.FindFirstValue(claims.SecurityStampClaimType);
    }
}
