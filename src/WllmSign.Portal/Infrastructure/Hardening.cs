using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using WllmSign.Portal.Features.Security;

namespace WllmSign.Portal.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Form posts of the sign-in, registration and account-claim pages per client address and minute.</summary>
    public int AccountPostsPerMinute { get; set; } = 10;
}

/// <summary>Key ring in the database, throttled account forms, and the security headers (CSP with a per-request nonce).</summary>
public static class Hardening
{
    /// <summary>The account pages whose form posts are throttled per client address.</summary>
    public static readonly string[] ThrottledPosts =
    [
        "/Account/Login", "/Account/Register", "/Account/Claim", "/Account/ForgotPassword",
        "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode",
    ];

    /// <summary>
    /// The throttled account page a POST goes to, or null. Decided by the endpoint routing chose (so
    /// <c>/Account/Login/</c> and <c>/ACCOUNT/login</c> count as the login, as they reach it), else by the path with
    /// case and trailing slashes ignored; the result is the page's canonical path, which keys the partition.
    /// </summary>
    public static string? ThrottledForm(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!HttpMethods.IsPost(ctx.Request.Method)) return null;
        var target = ctx.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : ctx.Request.Path.Value ?? "";
        target = "/" + target.Trim('/');
        return ThrottledPosts.FirstOrDefault(p => p.Equals(target, StringComparison.OrdinalIgnoreCase));
    }

    public const string TooManyRequestsMessage = "请求过于频繁，请稍后再试。";

    public static IServiceCollection AddHardening(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        // The key ring in the database, encrypted at rest with the configured certificate (decision 019).
        services.AddDataProtection().PersistKeysToDbContext<AppDbContext>().SetApplicationName("WllmSign").ProtectKeysAtRest(services.BindOptions<KeyRingOptions>(config, KeyRingOptions.Section), env);

        var limits = services.BindOptions<RateLimitOptions>(config, "RateLimits");
        var circuitLimits = services.BindOptions<CircuitRateLimitOptions>(config, "RateLimits");
        // Several servers (Live:Redis set): the circuit limits are counted in the same Redis (decision 017).
        services.AddSingleton(sp => new CircuitRateLimits(circuitLimits, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<LiveOptions>>().Value.Redis));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var form = ThrottledForm(ctx);
                if (form is null) return RateLimitPartition.GetNoLimiter("none");
                var client = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client + form, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AccountPostsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>请求过于频繁</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>请求过于频繁</h1><p>{TooManyRequestsMessage}</p><p><a href=\"/Account/Login\">返回登录</a></p></body></html>", ct);
            };
        });
        return services;
    }

    private const string NonceKey = "wllm:csp-nonce";

    /// <summary>
    /// The Content-Security-Policy of every HTML response. Scripts: this origin, plus the one inline script the
    /// framework renders (Blazor's import map) by its per-request nonce; no 'unsafe-inline', no eval. Styles:
    /// 'unsafe-inline' because MudBlazor components write style attributes (and some &lt;style&gt; elements) at run
    /// time with values that vary (decision 013; the theme itself is a static stylesheet now, decision 016). connect-src 'self' covers the circuit's same-origin WebSocket.
    /// </summary>
    /// <param name="formTargets">Other origins a form may lead to: the external sign-in providers (decision 023), whose
    /// redirect after the form post to /Account/ExternalLogin or /Account/Logout Chromium checks against form-action.</param>
    public static string ContentSecurityPolicy(string nonce, string? formTargets = null) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'" + (string.IsNullOrEmpty(formTargets) ? "" : " " + formTargets) + "; " +
        "frame-ancestors 'none'";

    /// <summary>This request's CSP nonce, for the inline scripts a page renders (<c>&lt;ImportMap nonce=…/&gt;</c>).</summary>
    public static string CspNonce(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[NonceKey] is string nonce) return nonce;
        // 128 random bits, base64url: no '+', '/' or '=' that HTML attribute encoding would turn into entities.
        nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>nosniff, no framing, a strict referrer policy on every response; the CSP on every HTML response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var formTargets = string.Join(' ', app.ApplicationServices.GetService<WllmSign.Portal.Features.Accounts.ExternalProviders>()?.All
            .Select(p => p.Origin).Distinct(StringComparer.Ordinal) ?? []);
        return app.Use(async (ctx, next) =>
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // Documents only: a PDF, ZIP or workbook is not a document that runs scripts, and a CSP on a PDF can
            // keep the browser's built-in viewer from opening it.
            if (ctx.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                h.ContentSecurityPolicy = ContentSecurityPolicy(CspNonce(ctx), formTargets);
            return Task.CompletedTask;
        });
        await next();
    });
    }
}
