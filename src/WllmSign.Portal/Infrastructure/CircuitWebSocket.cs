using Microsoft.AspNetCore.Components.Server;

namespace WllmSign.Portal.Infrastructure;

/// <summary>How the circuits' WebSocket answers a browser's offer of per-message compression (permessage-deflate).</summary>
public enum CircuitCompression
{
    /// <summary>
    /// The default (decision 052): compressed, with one deflate state kept per circuit for the whole session (context
    /// takeover, ASP.NET Core's own default): about a fifth of the bytes, 15% fewer than <see cref="PerMessage"/>, CPU
    /// the same within the benchmark's noise, 80–230 KB more memory per open circuit.
    /// </summary>
    ContextTakeover,

    /// <summary>
    /// Compressed, each message deflated on its own (no server context takeover; decision 049's choice until decision
    /// 052): the least memory per circuit, a deflate state made and freed for every message.
    /// </summary>
    PerMessage,

    /// <summary>Not compressed: about five times the bytes on the wire.</summary>
    Off,
}

/// <summary>The <c>Circuits</c> section: the circuits' WebSocket.</summary>
public sealed class CircuitWebSocketOptions
{
    public const string Section = "Circuits";

    /// <summary><c>Circuits:WebSocketCompression</c>: ContextTakeover (default), PerMessage or Off.</summary>
    public CircuitCompression WebSocketCompression { get; set; } = CircuitCompression.ContextTakeover;
}

/// <summary>
/// The circuits' WebSocket (/_blazor), decisions 049 and 052. Browsers offer per-message compression (permessage-deflate)
/// on every WebSocket and ASP.NET Core accepts it: each render batch is deflated before it is sent, which cuts the bytes
/// a user's phone receives to about a fifth. The portal keeps ASP.NET Core's way of doing it, one deflate state per
/// circuit kept between messages (context takeover): measured on one build against deflating each message on its own
/// (decision 049's choice until then), it sends 15% fewer bytes for 80–230 KB more memory per circuit, with the CPU per
/// interaction the same within the benchmark's noise. <c>Circuits:WebSocketCompression</c> chooses otherwise.
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
            throw new InvalidOperationException($"Circuits:WebSocketCompression must be ContextTakeover, PerMessage or Off, not '{compression}'.");
        options.ConfigureWebSocketAcceptContext = (_, accept) =>
        {
            accept.DangerousEnableCompression = compression != CircuitCompression.Off;
            accept.DisableServerContextTakeover = compression == CircuitCompression.PerMessage;
            return Task.CompletedTask;
        };
    }
}
