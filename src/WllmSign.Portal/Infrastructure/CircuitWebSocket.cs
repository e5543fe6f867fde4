using Microsoft.AspNetCore.Components.Server;

namespace WllmSign.Portal.Infrastructure;

/// <summary>How the circuits' WebSocket answers a browser's offer of per-message compression (permessage-deflate).</summary>
public enum CircuitCompression
{
    /// <summary>
    /// The default (decision 049): compressed, each message deflated on its own (no server context takeover): about a
    /// fifth of the bytes, a deflate state made and freed per message.
    /// </summary>
    PerMessage,

    /// <summary>
    /// Compressed with one deflate state kept per circuit for the whole session (ASP.NET Core's own default): about
    /// 250 KB more native memory per open circuit (decisions 049, 052).
    /// </summary>
    ContextTakeover,

    /// <summary>Not compressed: the least server CPU, about five times the bytes.</summary>
    Off,
}

/// <summary>The <c>Circuits</c> section: the circuits' WebSocket.</summary>
public sealed class CircuitWebSocketOptions
{
    public const string Section = "Circuits";

    /// <summary><c>Circuits:WebSocketCompression</c>: PerMessage (default), ContextTakeover or Off.</summary>
    public CircuitCompression WebSocketCompression { get; set; } = CircuitCompression.PerMessage;
}

/// <summary>
/// The circuits' WebSocket (/_blazor), decision 049. Browsers offer per-message compression (permessage-deflate) on every
/// WebSocket and ASP.NET Core accepts it by default: each render batch is deflated before it is sent, which cuts the
/// bytes a user's phone receives to about a fifth. What the default costs is a zlib deflate state kept per circuit for
/// the whole session (context takeover, about 310 KB of native memory each, outside the GC heap). The portal keeps the
/// compression and by default drops the kept state: each message is deflated on its own (DisableServerContextTakeover),
/// which keeps most of the saving at a sixth of the memory per circuit. <c>Circuits:WebSocketCompression</c> chooses
/// otherwise (decision 052 measured the three on the same build).
/// </summary>
public static class CircuitWebSocket
{
    /// <summary>Binds the <c>Circuits</c> section (read once, when the endpoint is mapped).</summary>
    public static CircuitWebSocketOptions AddCircuitWebSocket(this IServiceCollection services, IConfiguration config) =>
        services.BindOptions<CircuitWebSocketOptions>(config, CircuitWebSocketOptions.Section);

    public static void Configure(ServerComponentsEndpointOptions options, CircuitWebSocketOptions settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        // Compression against a framing page is what this guards; the portal's own policy forbids every frame
        // (Hardening.ContentSecurityPolicy: frame-ancestors 'none', X-Frame-Options DENY), and says the same here.
        options.ContentSecurityFrameAncestorsPolicy = "'none'";
        var compression = settings.WebSocketCompression;
        if (!Enum.IsDefined(compression))
            throw new InvalidOperationException($"Circuits:WebSocketCompression must be PerMessage, ContextTakeover or Off, not '{compression}'.");
        options.ConfigureWebSocketAcceptContext = (_, accept) =>
        {
            accept.DangerousEnableCompression = compression != CircuitCompression.Off;
            accept.DisableServerContextTakeover = compression == CircuitCompression.PerMessage;
            return Task.CompletedTask;
        };
    }
}
