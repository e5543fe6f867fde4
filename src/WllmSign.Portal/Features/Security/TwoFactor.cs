using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;
using QRCoder;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Audit;

namespace WllmSign.Portal.Features.Security;

/// <summary>
/// Two-factor enrolment for admins: with <see cref="SecurityOptions.RequireTwoFactorForAdmins"/> on, a signed-in
/// school or alliance admin whose account has no authenticator yet reaches nothing but the account pages and the
/// static files; every other request (their area, the inbox, downloads, exports, the circuit hub) is sent to the
/// enrolment page (GET) or refused with 403 (anything else). See decision 013.
/// </summary>
public static class TwoFactorEnrolment
{
    public const string EnrolPath = "/Account/Manage/EnableAuthenticator";
    public const string RefusedMessage = "管理员账号须先启用双重验证（身份验证器应用）才能使用系统。";

    /// <summary>What an admin without 2FA may still request: the account pages (sign-out, enrolment), errors, framework files.</summary>
    private static readonly string[] AllowedPrefixes = ["/Account/", "/_framework/", "/_content/", "/Error", "/not-found"];

    /// <summary>True when the setting is on and the user is a school or alliance admin.</summary>
    public static bool IsRequiredFor(ClaimsPrincipal user, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(options);
        return options.RequireTwoFactorForAdmins
            && user.Identity?.IsAuthenticated == true
            && (user.IsInRole(Roles.SchoolAdmin) || user.IsInRole(Roles.AllianceAdmin));
    }

    /// <summary>True when the user is an admin who must enrol before using the portal.</summary>
    public static bool MustEnrol(ClaimsPrincipal user, SecurityOptions options) =>
        IsRequiredFor(user, options) && !user.HasClaim(PortalClaims.TwoFactor, "on");

    public static IApplicationBuilder UseTwoFactorEnrolment(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var options = ctx.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        if (!MustEnrol(ctx.User, options) || IsAllowed(ctx))
        {
            await next();
            return;
        }
        if (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method))
        {
            ctx.Response.Redirect(EnrolPath);
            return;
        }
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(RefusedMessage);
    });

    private static bool IsAllowed(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (AllowedPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return true;
        // Stylesheets, favicon and other wwwroot files (MapStaticAssets endpoints): public, no user data.
        return ctx.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
    }
}

/// <summary>The shared key and the QR code an authenticator app scans (drawn on the server, no network).</summary>
public static class AuthenticatorQr
{
    public const string Issuer = "湖北高校就业联盟签约系统";

    /// <summary>The key in groups of four lower-case characters, as the template shows it.</summary>
    public static string FormatKey(string unformattedKey)
    {
        ArgumentNullException.ThrowIfNull(unformattedKey);
        var result = new StringBuilder();
        for (var i = 0; i < unformattedKey.Length; i += 4)
        {
            if (i > 0) result.Append(' ');
            result.Append(unformattedKey.AsSpan(i, Math.Min(4, unformattedKey.Length - i)));
        }
        return result.ToString().ToLowerInvariant();
    }

    /// <summary>The key URI format of authenticator apps (RFC 6238 TOTP, SHA-1, 6 digits, 30 s).</summary>
    public static string Uri(string email, string unformattedKey) => string.Format(CultureInfo.InvariantCulture,
        "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
        UrlEncoder.Default.Encode(Issuer), UrlEncoder.Default.Encode(email), unformattedKey);

    /// <summary>A PNG data URI (the CSP allows <c>img-src data:</c>) with explicit colours.</summary>
    public static string PngDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5, [0, 0, 0, 255], [255, 255, 255, 255], drawQuietZones: true);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}

/// <summary>What happens after a sign-in succeeds or fails at the second step: the last-login record and the audit log.</summary>
public sealed class AccountSignIns(UserManager<ApplicationUser> users, LoginRecorder recorder, IAuditLog audit)
{
    /// <summary>Records the sign-in and returns where to go: the return address, or the role's home.</summary>
    public async Task<string> SucceededAsync(ApplicationUser user, string action, string? returnUrl, string? clientIp)
    {
        ArgumentNullException.ThrowIfNull(user);
        await recorder.RecordAsync(user.Id, clientIp);
        var roles = await users.GetRolesAsync(user);
        await WriteAsync(user, roles, action);
        var home = roles.Count > 0 ? Roles.HomeOf(roles[0]) : "/";
        return string.IsNullOrEmpty(returnUrl) || returnUrl == "/" ? home : returnUrl;
    }

    public async Task FailedAsync(ApplicationUser user, string action)
    {
        ArgumentNullException.ThrowIfNull(user);
        await WriteAsync(user, await users.GetRolesAsync(user), action);
    }

    /// <summary>An account event (2FA enabled, reset, recovery codes renewed) by the signed-in user.</summary>
    public async Task AccountEventAsync(ApplicationUser user, string action)
    {
        ArgumentNullException.ThrowIfNull(user);
        await WriteAsync(user, await users.GetRolesAsync(user), action);
    }

    private Task WriteAsync(ApplicationUser user, IList<string> roles, string action) =>
        audit.WriteAsync(new AuditActor(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName,
            roles.FirstOrDefault(), user.SchoolId), action, "账号 " + user.Email, user.SchoolId);
}
