using Microsoft.AspNetCore.Components.Server;

namespace WllmSign.Portal.Infrastructure;

/// <summary>
/// The circuits' WebSocket (/_blazor), decision 049. Browsers offer per-message compression (permessage-deflate) on every
/// WebSocket and ASP.NET Core accepts it by default: each render batch is deflated before it is sent, which cuts the
/// bytes a user's phone receives to about a fifth. What the default costs is a zlib deflate state kept per circuit for
/// the whole session (context takeover, about 310 KB of native memory each, outside the GC heap). The portal keeps the
/// compression and drops the kept state: each message is deflated on its own (DisableServerContextTakeover), which keeps
/// most of the saving at a sixth of the memory per circuit.
/// </summary>
public static class CircuitWebSocket
{
    public static void Configure(ServerComponentsEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Compression against a framing page is what this guards; the portal's own policy forbids every frame
        // (Hardening.ContentSecurityPolicy: frame-ancestors 'none', X-Frame-Options DENY), and says the same here.
        options.ContentSecurityFrameAncestorsPolicy = "'none'";
        options.ConfigureWebSocketAcceptContext = (_, accept) =>
        {
            accept.DangerousEnableCompression = true;
            accept.DisableServerContextTakeover = true;
            return Task.CompletedTask;
        };
    }
}
