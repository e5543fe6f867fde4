using System.Net;
using System.Net.WebSockets;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// Decisions 049 and 052: the circuit's WebSocket (/_blazor) answers a browser's per-message compression offer as chosen — what
/// Chromium offers on every WebSocket, <c>permessage-deflate; client_max_window_bits</c> — and the documents keep the
/// portal's own Content-Security-Policy (frame-ancestors 'none', the defence compression needs) as their only one.
/// </summary>
public sealed class CircuitWebSocketCompressionTests(ReadOnlyDemoPortal portal) : IClassFixture<ReadOnlyDemoPortal>
{
    /// <summary>What the portal answers to Chromium's offer by default: compression with context takeover (decision 052).</summary>
    private const string ChosenAnswer = "permessage-deflate; client_max_window_bits=15";

    [Fact]
    public async Task The_circuit_WebSocket_accepts_Chromiums_deflate_offer_as_decision_052_chose()
    {
        Assert.Equal(ChosenAnswer, await AnswerToChromiumsOfferAsync(portal.BaseAddress));
    }

    /// <summary>
    /// <c>Circuits:WebSocketCompression</c> (decision 052): PerMessage deflates each message on its own (the answer says
    /// server_no_context_takeover), Off accepts no extension at all.
    /// </summary>
    [Theory]
    [InlineData("PerMessage", "permessage-deflate; client_max_window_bits=15; server_no_context_takeover")]
    [InlineData("Off", null)]
    public async Task The_compression_setting_changes_the_answer_to_Chromiums_offer(string setting, string? expected)
    {
        await using var other = new PortalFactory(kestrel: true, settings: new Dictionary<string, string?> { ["Circuits:WebSocketCompression"] = setting });

        Assert.Equal(expected, await AnswerToChromiumsOfferAsync(other.BaseAddress));
    }

    /// <summary>The <c>Sec-WebSocket-Extensions</c> answer on /_blazor to Chromium's offer; null when none was accepted.</summary>
    private static async Task<string?> AnswerToChromiumsOfferAsync(string baseAddress)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        // Both windows 15 bits, context takeover both ways: the client sends "permessage-deflate; client_max_window_bits", as Chromium.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await socket.ConnectAsync(new Uri(baseAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/_blazor"), timeout.Token);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        return socket.HttpResponseHeaders!.TryGetValue("Sec-WebSocket-Extensions", out var answer) ? Assert.Single(answer) : null;
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    public async Task A_page_has_one_content_security_policy_and_it_forbids_framing(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseAddress) };

        using var response = await http.GetAsync(path);

        response.EnsureSuccessStatusCode();
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.EndsWith("; frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Single(policy.Split(';'), d => d.Trim().StartsWith("frame-ancestors", StringComparison.Ordinal));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }
}
