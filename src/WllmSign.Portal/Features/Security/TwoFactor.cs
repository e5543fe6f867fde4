using System.Security.Cryptography;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.StaticAssets;
using QRCoder;

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
        return ReturnUrls.LocalOr(returnUrl, roles.Count > 0 ? Roles.HomeOf(roles[0]) : "/");
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

/// <summary>
/// The authenticator (TOTP, RFC 6238) token provider with one-time use (ASVS 2.8.4): Identity's provider accepts a
/// code within ±2 time steps of 30 s, and accepts the same code again within that window. This one accepts only a
/// time step later than the last one accepted for the account (kept in the user's tokens), so a code overheard or
/// replayed is refused. Two simultaneous uses of one code: the second save fails Identity's concurrency stamp and
/// is refused.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string Name = "WllmAuthenticator";
    private const string LoginProvider = "[WllmSign]";
    private const string LastStepToken = "LastTotpStep";
    private const int Window = 2;

    public Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(string.Empty); // the code comes from the user's app, never from the server

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (token is not { Length: 6 } || !token.All(char.IsAsciiDigit)) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key)) return false;
        var secret = Base32Decode(key);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        long? matched = null;
        for (var step = now - Window; step <= now + Window; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), Encoding.ASCII.GetBytes(token)))
                matched = step;
        }
        if (matched is not { } accepted) return false;
        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && accepted <= lastStep) return false;
        var saved = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken, accepted.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }

    /// <summary>RFC 4226 HOTP (HMAC-SHA1, dynamic truncation, 6 digits) at an RFC 6238 time step.</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238's default and what every authenticator app computes
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32 (the alphabet of Identity's authenticator keys).</summary>
    public static byte[] Base32Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            if (c == ' ') continue;
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) throw new FormatException("Not a Base32 key.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }
        return [.. bytes];
    }
}
