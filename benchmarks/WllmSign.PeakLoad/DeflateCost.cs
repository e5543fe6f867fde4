using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

namespace WllmSign.PeakLoad;

/// <summary>
/// <c>--deflate-cost VARIANT [--sockets N] [--payload FILE]</c> (decision 049): what per-message compression costs
/// the server per WebSocket, without a portal. N server-side WebSockets as ASP.NET Core makes them
/// (<see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/> with the negotiated deflate options), each
/// receives one compressed message from its client (its inflater) and sends 20 messages of a real text (its deflater);
/// the process's RSS before and after, and its CPU time for the sends, give the native memory per socket and the CPU
/// per KB sent. VARIANT: <c>off</c> (no compression), <c>15</c> (the default: 15-bit windows, context takeover),
/// <c>10</c> (ServerMaxWindowBits = 10), <c>no-takeover</c> (DisableServerContextTakeover). One variant per process, so
/// that the RSS is that variant's alone.
/// </summary>
public static class DeflateCost
{
    public static async Task<int> RunAsync(string variant, int sockets, string payloadFile)
    {
        var inv = CultureInfo.InvariantCulture;
        WebSocketDeflateOptions? server = variant switch
        {
            "off" => null,
            "15" => new WebSocketDeflateOptions(),
            "10" => new WebSocketDeflateOptions { ServerMaxWindowBits = 10 },
            "no-takeover" => new WebSocketDeflateOptions { ServerContextTakeover = false },
            _ => throw new ArgumentException("--deflate-cost off|15|10|no-takeover"),
        };
        // The text: a file of the repository cut into messages of 7 KB (a render batch's mean size in the peak-load runs).
        var text = await File.ReadAllBytesAsync(payloadFile);
        var messages = Enumerable.Range(0, 20).Select(i => text.AsMemory(i * 7168 % Math.Max(1, text.Length - 7168), Math.Min(7168, text.Length))).ToArray();
        // One compressed client message (what the browser sends: an event), as every server socket receives it.
        var fromClient = new MemoryStream();
        using (var client = WebSocket.CreateFromStream(new Duplex(Stream.Null, fromClient), new WebSocketCreationOptions
               { IsServer = false, DangerousDeflateOptions = server is null ? null : new WebSocketDeflateOptions() }))
            await client.SendAsync(text.AsMemory(0, 600), WebSocketMessageType.Binary, true, default);
        var frame = fromClient.ToArray();

        GC.Collect();
        var me = Process.GetCurrentProcess();
        var rss0 = Rss();
        var cpu0 = me.TotalProcessorTime;
        var sinks = new List<CountingSink>();
        var all = new List<WebSocket>();
        var receive = new byte[4096];
        for (var i = 0; i < sockets; i++)
        {
            var sink = new CountingSink();
            var ws = WebSocket.CreateFromStream(new Duplex(new MemoryStream(frame), sink), new WebSocketCreationOptions
            {
                IsServer = true,
                DangerousDeflateOptions = server is null ? null : new WebSocketDeflateOptions
                {
                    ServerMaxWindowBits = server.ServerMaxWindowBits, ServerContextTakeover = server.ServerContextTakeover,
                },
                KeepAliveInterval = Timeout.InfiniteTimeSpan,
            });
            await ws.ReceiveAsync(receive.AsMemory(), default);
            foreach (var m in messages) await ws.SendAsync(m, WebSocketMessageType.Binary, true, default);
            sinks.Add(sink);
            all.Add(ws);
        }
        me.Refresh();
        var cpu = (me.TotalProcessorTime - cpu0).TotalMilliseconds;
        GC.Collect();
        var rss1 = Rss();
        var sent = messages.Sum(m => (long)m.Length) * sockets;
        var wire = sinks.Sum(s => s.Bytes);
        Console.WriteLine(string.Create(inv, $"deflate {variant}: {sockets} server sockets, 20 messages of {messages[0].Length / 1024.0:F1} KB each; " +
            $"RSS +{(rss1 - rss0) / 1024.0 / sockets:F0} KB per socket (GC heap {GC.GetTotalMemory(false) / 1024.0 / sockets:F0} KB per socket); " +
            $"CPU {cpu * 1000 / (sockets * 20.0):F0} µs per message, {cpu * 1000 / (sent / 1024.0):F1} µs per KB; on the wire {wire * 100.0 / sent:F1}% of the payload"));
        GC.KeepAlive(all);
        return 0;
    }

    private static long Rss() =>
        long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private sealed class CountingSink : Stream
    {
        public long Bytes { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Bytes += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Bytes += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Reads from one stream, writes to another.</summary>
    private sealed class Duplex(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => output.Flush();
        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);
    }
}
