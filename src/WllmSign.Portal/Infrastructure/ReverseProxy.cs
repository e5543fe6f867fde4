using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace WllmSign.Portal.Infrastructure;

/// <summary>The <c>Hosting</c> settings of an installation behind a reverse proxy (docs/deploy.md).</summary>
public sealed class ReverseProxyOptions
{
    /// <summary>
    /// The addresses of the reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> the portal believes,
    /// e.g. <c>127.0.0.1</c> for nginx on the same machine. Empty (the default): no forwarded header is believed.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Whole networks of proxies in CIDR notation (e.g. <c>10.0.0.0/24</c>); same rule as <see cref="KnownProxies"/>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary><c>Hosting:UseHttpsRedirection</c>: HSTS and redirect to https (off by default: the proxy terminates TLS).</summary>
    public bool UseHttpsRedirection { get; set; }

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// Behind a reverse proxy: the client's address and scheme come from <c>X-Forwarded-For</c> / <c>-Proto</c>, but only
/// when the request arrives from a configured proxy (<c>Hosting:KnownProxies</c>, <c>Hosting:KnownNetworks</c>).
/// Everything that reads the client address (per-client rate limits, the audit log, the last-login address) and the
/// scheme (Secure cookies, HTTPS redirection) then sees the real client. <c>X-Forwarded-Host</c> is never believed:
/// links in emails come from <c>Portal:PublicBaseUrl</c> (<see cref="PublicLinks"/>).
/// </summary>
public static class ReverseProxy
{
    public const string Section = "Hosting";

    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration config)
    {
        var proxies = services.BindOptions<ReverseProxyOptions>(config, Section);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework's defaults trust loopback; the portal trusts exactly the configured proxies.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies) o.KnownProxies.Add(ParseAddress(proxy));
            foreach (var network in proxies.KnownNetworks) o.KnownIPNetworks.Add(ParseNetwork(network));
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline. Not at all without a configured proxy: with both lists empty the middleware would believe
    /// the headers from anyone.
    /// </summary>
    public static IApplicationBuilder UseReverseProxy(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Any) app.UseForwardedHeaders();
        return app;
    }

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value.Trim(), out var address) ? address
        : throw new InvalidOperationException($"Hosting:KnownProxies: '{value}' is not an IP address.");

    private static System.Net.IPNetwork ParseNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value.Trim(), out var network) ? network
        : throw new InvalidOperationException($"Hosting:KnownNetworks: '{value}' is not a network in CIDR notation (e.g. 10.0.0.0/24).");
}
