using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace WllmSign.PeakLoad.Headless;

/// <summary>
/// The circuits' WebSocket as a browser opens it (decision 049). Chromium offers per-message compression on every
/// WebSocket (<c>Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits</c>) and ASP.NET Core's
/// interactive server render mode accepts it by default, so the portal deflates every render batch for a browser;
/// the SignalR client offers nothing unless told. <see cref="Offer"/> makes the headless client offer what Chromium
/// offers (--no-deflate: nothing, the generator before decision 049); every socket goes through one
/// <see cref="SocketsHttpHandler"/> whose connections count the bytes on the wire, and each upgrade response's
/// <c>Sec-WebSocket-Extensions</c> is counted in <see cref="Negotiated"/>, so a run shows what was negotiated and the
/// compressed bytes per interaction.
/// </summary>
public static class WebSocketWire
{
    private static long received;
    private static long sent;
    private static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new CountingStream(new NetworkStream(socket, ownsSocket: true));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    /// <summary>What the client offers: null offers no extension (--no-deflate). The default is Chromium's offer
    /// (both windows 15 bits, context takeover both ways: <c>permessage-deflate; client_max_window_bits</c>).</summary>
    public static WebSocketDeflateOptions? Offer { get; set; } = new();

    /// <summary>How many upgrades got each <c>Sec-WebSocket-Extensions</c> answer ("" none).</summary>
    public static ConcurrentDictionary<string, int> Negotiated { get; } = new();

    /// <summary>Bytes read from / written to the circuits' sockets (WebSocket frames after compression, and the upgrades).</summary>
    public static long ReceivedBytes => Interlocked.Read(ref received);
    public static long SentBytes => Interlocked.Read(ref sent);

    /// <summary>The <c>Sec-WebSocket-Extensions</c> header the offer sends (Chromium's is <c>permessage-deflate; client_max_window_bits</c>).</summary>
    public static string OfferHeader => Offer is not { } o ? "(none)"
        : "permessage-deflate; " + (o.ClientMaxWindowBits == 15 ? "client_max_window_bits" : $"client_max_window_bits={o.ClientMaxWindowBits}")
          + (o.ClientContextTakeover ? "" : "; client_no_context_takeover")
          + (o.ServerMaxWindowBits == 15 ? "" : $"; server_max_window_bits={o.ServerMaxWindowBits}")
          + (o.ServerContextTakeover ? "" : "; server_no_context_takeover");

    /// <summary>One line: the offer and the answers so far.</summary>
    public static string Describe() =>
        $"WebSocket offer: {OfferHeader}; the portal answered " +
        (Negotiated.IsEmpty ? "(no upgrade yet)" : string.Join(", ", Negotiated.OrderBy(p => p.Key).Select(p => $"\"{(p.Key.Length == 0 ? "(no extension)" : p.Key)}\" ×{p.Value}")));

    /// <summary>Opens a circuit's WebSocket (HttpConnectionOptions.WebSocketFactory): the cookies of the signed-in user, the offer, the counting connection.</summary>
    public static async ValueTask<WebSocket> ConnectAsync(Uri uri, string cookieHeader, CancellationToken ct)
    {
        var ws = new ClientWebSocket();
        try
        {
            ws.Options.CollectHttpResponseDetails = true;
            if (cookieHeader.Length > 0) ws.Options.SetRequestHeader("Cookie", cookieHeader);
            // As the SignalR client's own factory: an unauthenticated upgrade gets 401, not a redirect to the login page.
            ws.Options.SetRequestHeader("X-Requested-With", "XMLHttpRequest");
            if (Offer is { } o)
            {
                ws.Options.DangerousDeflateOptions = new WebSocketDeflateOptions
                {
                    ClientMaxWindowBits = o.ClientMaxWindowBits, ClientContextTakeover = o.ClientContextTakeover,
                    ServerMaxWindowBits = o.ServerMaxWindowBits, ServerContextTakeover = o.ServerContextTakeover,
                };
            }
            await ws.ConnectAsync(uri, Invoker, ct);
            var answer = ws.HttpResponseHeaders is { } h && h.TryGetValue("Sec-WebSocket-Extensions", out var v) ? string.Join(", ", v) : "";
            Negotiated.AddOrUpdate(answer, 1, (_, n) => n + 1);
            ws.HttpResponseHeaders = null;
            return ws;
        }
        catch
        {
            ws.Dispose();
            throw;
        }
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Received(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Received(inner.Read(buffer));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Received(await inner.ReadAsync(buffer, cancellationToken));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Interlocked.Add(ref sent, count);
        }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Interlocked.Add(ref sent, buffer.Length);
        }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Interlocked.Add(ref sent, buffer.Length);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        private static int Received(int n)
        {
            Interlocked.Add(ref received, n);
            return n;
        }
    }
}
