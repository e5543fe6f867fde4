using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using WllmSign.Portal.Data;

namespace WllmSign.Portal.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Form posts of the sign-in, registration and account-claim pages per client address and minute.</summary>
    public int AccountPostsPerMinute { get; set; } = 10;
}

/// <summary>Key ring in the database, throttled account forms, and the plain security headers.</summary>
public static class Hardening
{
    /// <summary>The account pages whose form posts are throttled per client address.</summary>
    public static readonly string[] ThrottledPosts = ["/Account/Login", "/Account/Register", "/Account/Claim", "/Account/ForgotPassword"];

    public const string TooManyRequestsMessage = "请求过于频繁，请稍后再试。";

    public static IServiceCollection AddHardening(this IServiceCollection services, IConfiguration config)
    {
        services.AddDataProtection().PersistKeysToDbContext<AppDbContext>().SetApplicationName("WllmSign");

        var limits = config.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        var circuitLimits = config.GetSection("RateLimits").Get<CircuitRateLimitOptions>() ?? new CircuitRateLimitOptions();
        services.AddSingleton(sp => new CircuitRateLimits(circuitLimits, sp.GetRequiredService<TimeProvider>()));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var path = ctx.Request.Path.Value ?? "";
                if (!HttpMethods.IsPost(ctx.Request.Method) || !ThrottledPosts.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
                    return RateLimitPartition.GetNoLimiter("none");
                var client = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client + path.ToUpperInvariant(), _ => new FixedWindowRateLimiterOptions
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

    /// <summary>nosniff, no framing, a strict referrer policy on every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
