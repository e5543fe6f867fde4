using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace WllmSign.Portal.Features.Accounts;

/// <summary>
/// Sign-in through external OpenID Connect providers (decision 023): one handler per configured provider
/// (authorization code flow with PKCE), Identity's external-login flow (ExternalLogin → callback → link → the
/// portal's own cookie), and sign-out at the provider too when it has an end-session endpoint.
/// With no provider configured nothing is registered and the login page shows no button.
/// </summary>
public static class ExternalLoginRegistration
{
    public const string LoginPath = "/Account/ExternalLogin";
    public const string CallbackPath = "/Account/ExternalLogin/Callback";
    /// <summary>The login page's query key for a refusal code (<see cref="ExternalLoginRefusals"/>).</summary>
    public const string RefusalQueryKey = "external";

    public static IServiceCollection AddExternalLogins(this IServiceCollection services, IConfiguration config)
    {
        var providers = new ExternalProviders(services.BindOptions<ExternalLoginOptions>(config, ExternalLoginOptions.Section));
        services.AddSingleton(providers);
        services.AddScoped<ExternalAccountLinker>();
        services.AddSingleton<ExternalSession>();
        var auth = services.AddAuthentication();
        foreach (var provider in providers.All)
        {
            auth.AddOpenIdConnect(provider.Scheme, provider.DisplayName, o => Configure(o, provider));
        }
        return services;
    }

    private static void Configure(OpenIdConnectOptions o, ExternalProvider provider)
    {
        var settings = provider.Options;
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back in the address (a top-level GET), so the correlation cookies can stay SameSite=Lax.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.Scope.Clear();
        foreach (var scope in settings.Scopes.Append("openid").Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)) o.Scope.Add(scope);
        o.CallbackPath = provider.CallbackPath;
        o.SignedOutCallbackPath = provider.SignedOutCallbackPath;
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.SaveTokens = true;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.DisableTelemetry = true;
        o.TokenValidationParameters.NameClaimType = "name";
        o.Events.OnTokenValidated = ctx =>
        {
            // Identity's external-login flow keys the login by NameIdentifier: the provider's subject.
            if (ctx.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(ClaimTypes.NameIdentifier) is null
                && identity.FindFirst("sub") is { } sub)
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, sub.Value));
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = async ctx =>
        {
            // A refused token or code (bad signature, wrong audience, expired, replayed) or an error from the provider.
            var logger = ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("WllmSign.ExternalLogin");
            logger.LogWarning(ctx.Failure, "External sign-in through {Scheme} refused.", provider.Scheme);
            await ctx.HttpContext.RequestServices.GetRequiredService<IAuditLog>().WriteAsync(new AuditActor(null, provider.DisplayName, null, null),
                AuditActions.SignInFailed, provider.DisplayName + "：" + FailureReason(ctx.Failure), null);
            ctx.Response.Redirect(RefusedUrl(ExternalLoginRefusals.Failed));
            ctx.HandleResponse();
        };
        o.Events.OnRedirectToIdentityProviderForSignOut = ctx =>
        {
            if (ctx.Properties.Parameters.TryGetValue(OpenIdConnectParameterNames.IdTokenHint, out var hint) && hint is string token)
                ctx.ProtocolMessage.IdTokenHint = token;
            return Task.CompletedTask;
        };
    }

    /// <summary>Why the provider's answer was refused, for the audit log.</summary>
    public static string FailureReason(Exception? failure) => failure switch
    {
        SecurityTokenInvalidSignatureException => "身份令牌签名无效",
        SecurityTokenInvalidAudienceException => "身份令牌的受众不是本系统",
        SecurityTokenExpiredException => "身份令牌已过期",
        OpenIdConnectProtocolException e when e.Message.Contains(OpenIdConnectGrantTypes.AuthorizationCode, StringComparison.Ordinal)
            || e.Message.Contains("invalid_grant", StringComparison.Ordinal) => "授权码无效或已使用",
        _ => "登录失败",
    };

    private static string RefusedUrl(string code) => "/Account/Login?" + RefusalQueryKey + "=" + Uri.EscapeDataString(code);

    public static IEndpointRouteBuilder MapExternalLogins(this IEndpointRouteBuilder endpoints)
    {
        var providers = endpoints.ServiceProvider.GetRequiredService<ExternalProviders>();
        if (providers.All.Count == 0) return endpoints;

        // The login page's form posts here (antiforgery checked): off to the provider.
        endpoints.MapPost(LoginPath, ([FromForm] string provider, [FromForm] string? returnUrl,
            [FromServices] SignInManager<ApplicationUser> signIn) =>
        {
            if (providers.Find(provider) is null) return Results.LocalRedirect(RefusedUrl(ExternalLoginRefusals.Failed));
            var back = CallbackPath + "?returnUrl=" + Uri.EscapeDataString(LocalOnly(returnUrl));
            var properties = signIn.ConfigureExternalAuthenticationProperties(provider, back);
            return Results.Challenge(properties, [provider]);
        });

        endpoints.MapGet(CallbackPath, (Delegate)CallbackAsync);
        return endpoints;
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, string? returnUrl, SignInManager<ApplicationUser> signIn,
        UserManager<ApplicationUser> users, ExternalProviders providers, ExternalAccountLinker linker, LoginRecorder recorder,
        IAuditLog audit, ExternalSession session)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        var provider = providers.Find(info?.LoginProvider);
        if (info is null || provider is null) return Results.LocalRedirect(RefusedUrl(ExternalLoginRefusals.Failed));

        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (user is null)
        {
            var link = await linker.LinkAsync(provider, info);
            if (link.User is null)
            {
                await http.SignOutAsync(IdentityConstants.ExternalScheme);
                return Results.LocalRedirect(RefusedUrl(link.Refusal ?? ExternalLoginRefusals.Failed));
            }
            user = link.User;
        }

        var idToken = info.AuthenticationTokens?.FirstOrDefault(t => t.Name == OpenIdConnectParameterNames.IdToken)?.Value;
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        var roles = await users.GetRolesAsync(user);
        var actor = new AuditActor(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName, roles.FirstOrDefault(), user.SchoolId);
        var target = provider.DisplayName + "：账号 " + (info.Principal.FindFirst("email")?.Value ?? info.ProviderKey);
        if (result.Succeeded)
        {
            session.Remember(http, provider.Scheme, idToken);
            await recorder.RecordAsync(user.Id, http.Connection.RemoteIpAddress?.ToString());
            await audit.WriteAsync(actor, AuditActions.SignIn, target, user.SchoolId);
            var home = roles.Count > 0 ? Roles.HomeOf(roles[0]) : "/";
            var local = LocalOnly(returnUrl);
            return Results.LocalRedirect(local == "/" ? home : local);
        }
        if (result.RequiresTwoFactor)
        {
            session.Remember(http, provider.Scheme, idToken);
            return Results.LocalRedirect("/Account/LoginWith2fa?returnUrl=" + Uri.EscapeDataString(LocalOnly(returnUrl)));
        }
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        if (result.IsLockedOut)
        {
            await audit.WriteAsync(actor, AuditActions.SignInLockedOut, target, user.SchoolId);
            return Results.LocalRedirect("/Account/Lockout");
        }
        await audit.WriteAsync(actor, AuditActions.SignInFailed, target, user.SchoolId);
        return Results.LocalRedirect(RefusedUrl(ExternalLoginRefusals.NotAllowed));
    }

    /// <summary>Only a path of this site may follow a sign-in.</summary>
    private static string LocalOnly(string? url) =>
        string.IsNullOrEmpty(url) || url[0] != '/' || url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal) ? "/" : url;
}

/// <summary>
/// Remembers, in a small protected cookie, which provider signed the user in and its id token, so that signing out of
/// the portal also ends the session at the provider (its end_session_endpoint, with id_token_hint).
/// </summary>
public sealed class ExternalSession(IDataProtectionProvider protection, ExternalProviders providers, IOptionsMonitor<OpenIdConnectOptions> oidc)
{
    public const string CookieName = "wllmsign.ext";
    private readonly IDataProtector protector = protection.CreateProtector("WllmSign.ExternalSession");

    public void Remember(HttpContext http, string scheme, string? idToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(CookieName, protector.Protect(scheme + "\n" + idToken), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
        });
    }

    /// <summary>
    /// At sign-out: forgets the external session and returns the redirect that ends it at the provider, or null when the
    /// user signed in locally or the provider has no end-session endpoint. Call before the portal's own sign-out.
    /// </summary>
    public async Task<IResult?> SignOutAsync(HttpContext http, string afterwards)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (providers.All.Count == 0 || http.Request.Cookies[CookieName] is not { Length: > 0 } value) return null;
        http.Response.Cookies.Delete(CookieName);
        string[] parts;
        try
        {
            parts = protector.Unprotect(value).Split('\n', 2);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        if (providers.Find(parts[0]) is null) return null;
        var options = oidc.Get(parts[0]);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
            if (string.IsNullOrEmpty(configuration.EndSessionEndpoint)) return null;
        }
        catch (InvalidOperationException)
        {
            // The provider is unreachable: the portal's own sign-out still happens.
            return null;
        }
        var properties = new AuthenticationProperties { RedirectUri = afterwards };
        if (parts.Length > 1 && parts[1].Length > 0) properties.Parameters[OpenIdConnectParameterNames.IdTokenHint] = parts[1];
        return Results.SignOut(properties, [parts[0]]);
    }
}
