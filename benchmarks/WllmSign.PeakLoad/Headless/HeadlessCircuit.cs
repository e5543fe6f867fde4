using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace WllmSign.PeakLoad.Headless;

/// <summary>
/// A headless Blazor Server client: one signed-in user's tab without a browser. It loads a page over HTTP (the
/// prerendered HTML), reads the server component markers and the persisted state, opens /_blazor over a WebSocket with
/// the blazorpack protocol and does what blazor.web.js does: <c>StartCircuit</c> with no components, then
/// <c>UpdateRootComponents</c> with an "add" per marker; it applies every <c>JS.RenderBatch</c> to its logical tree and
/// acknowledges it (<c>OnRenderCompleted</c>), answers <c>JS.BeginInvokeJS</c> (<c>EndInvokeJSFromDotNet</c>: null, or a
/// JS object reference when one is asked for), dispatches browser events through the renderer's interop object
/// (<c>BeginInvokeDotNetFromJS</c> → <c>DispatchEventAsync</c>, as .NET 8+ does) and follows navigations
/// (<c>OnLocationChanged</c>). See docs/decisions/035-*.md for what it does not do.
/// </summary>
public sealed partial class HeadlessCircuit : IAsyncDisposable
{
    private static readonly string ClickArgs = JsonSerializer.Serialize(new
    {
        detail = 1, screenX = 0, screenY = 0, clientX = 0, clientY = 0, offsetX = 0, offsetY = 0, pageX = 0, pageY = 0, movementX = 0,
        movementY = 0, button = 0, buttons = 0, ctrlKey = false, shiftKey = false, altKey = false, metaKey = false, type = "click",
    });

    private readonly object gate = new();
    private readonly RenderBatchApplier tree = new();
    private readonly List<Waiter> waiters = [];
    private readonly Dictionary<string, TaskCompletionSource<string>> pendingCalls = [];
    private readonly Uri baseUri;
    private readonly CookieContainer cookies;
    private HubConnection? connection;
    private long interopObjectId = -1;
    private long nextCallId;
    private long nextJsObjectId = 1;
    private long batches;
    private bool disposing;

    public HeadlessCircuit(Uri baseUri, CookieContainer cookies)
    {
        this.baseUri = baseUri;
        this.cookies = cookies;
    }

    /// <summary>The address the circuit is on (after navigations).</summary>
    public string Location { get; private set; } = "";
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>The size of the last render batch received (bytes of its binary payload).</summary>
    public int LastBatchBytes { get; private set; }
    /// <summary>When the last render batch arrived (Stopwatch ticks).</summary>
    public long LastBatchTicks { get; private set; }
    /// <summary>The server closed the circuit or the connection dropped (not by <see cref="DisposeAsync"/>).</summary>
    public bool Dropped { get; private set; }
    public string? Error { get; private set; }
    /// <summary>A navigation the server asked for with forceLoad (or outside the interactive router): a new page load.</summary>
    public string? FullNavigation { get; private set; }
    /// <summary>Every JS identifier the server called and how often (check mode prints them).</summary>
    public Dictionary<string, int> JsCalls { get; } = [];
    /// <summary>Called (under the circuit's lock) after each applied batch: the live-count watchers.</summary>
    public Action<HeadlessCircuit>? AfterBatch { get; set; }

    /// <summary>Reads the page (the root components HeadOutlet and Routes) under the circuit's lock.</summary>
    public T Read<T>(Func<LogicalNode, T> read)
    {
        lock (gate) return read(Body);
    }

    /// <summary>Unlocked view for <see cref="AfterBatch"/> callbacks (they run under the lock).</summary>
    public LogicalNode Body => tree.Document;

    /// <summary>Loads <paramref name="path"/> over HTTP and starts its circuit; returns when the page rendered interactively (<paramref name="ready"/>).</summary>
    public async Task StartAsync(HttpClient http, string path, Func<LogicalNode, bool> ready, TimeSpan timeout)
    {
        var url = new Uri(baseUri, path);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookies.GetCookieHeader(url));
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();
        Location = (response.RequestMessage?.RequestUri ?? url).ToString();

        var markers = Markers().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => m["type"]?.GetValue<string>() == "server").OrderBy(m => m["sequence"]!.GetValue<int>()).ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"GET {path}: no interactive server component on the page");
        var state = ServerState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
                // As Chromium: permessage-deflate offered (or not: --no-deflate), the wire counted (decision 049).
                o.WebSocketFactory = (ws, ct) => WebSocketWire.ConnectAsync(ws.Uri,
                    cookies.GetCookieHeader(new UriBuilder(ws.Uri) { Scheme = ws.Uri.Scheme == "wss" ? "https" : "http" }.Uri), ct);
            });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackHubProtocol());
        var c = builder.Build();
        connection = c;
        c.ServerTimeout = TimeSpan.FromSeconds(60);
        c.On<int, string>("JS.AttachComponent", (id, _) => { lock (gate) tree.AttachRoot(id); });
        c.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
        c.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJS);
        c.On<string, bool, string>("JS.EndInvokeDotNet", OnEndInvokeDotNet);
        c.On<long>("JS.EndUpdateRootComponents", _ => { });
        c.On<string>("JS.Error", e => Fail("JS.Error: " + e));
        c.Closed += e =>
        {
            if (!disposing) Fail("connection closed" + (e is null ? "" : ": " + e.Message), dropped: true);
            return Task.CompletedTask;
        };
        await c.StartAsync();
        var circuitId = await c.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), Location, "[]", "");
        if (string.IsNullOrEmpty(circuitId)) throw new InvalidOperationException("StartCircuit refused");
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray(markers.Select((m, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = m.DeepClone(),
            }).ToArray()),
        };
        var started = WaitAsync(ready, timeout);
        await c.SendAsync("UpdateRootComponents", operations.ToJsonString(), state);
        await started;
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the tree (checked now and after every batch).</summary>
    public Task WaitAsync(Func<LogicalNode, bool> condition, TimeSpan timeout)
    {
        var waiter = new Waiter(condition);
        lock (gate)
        {
            if (Error is not null) return Task.FromException(new InvalidOperationException(Error));
            if (tree.Document.Children.Count > 0 && condition(Body)) return Task.CompletedTask;
            waiters.Add(waiter);
        }
        return waiter.Done.Task.WaitAsync(timeout).ContinueWith(t =>
        {
            lock (gate) waiters.Remove(waiter);
            if (t.IsFaulted) throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s on {Location}; {Error}", t.Exception!.InnerException);
        });
    }

    /// <summary>
    /// Clicks <paramref name="element"/> (its click handler) and returns the interaction time: dispatch → the first render
    /// batch received after it. With <paramref name="until"/>, also waits until that holds.
    /// </summary>
    public Task<TimeSpan> ClickAsync(LogicalNode element, Func<LogicalNode, bool>? until = null, TimeSpan? timeout = null) =>
        DispatchAsync(element, "click", ClickArgs, null, until, timeout);

    /// <summary>A change event (a checkbox's new value, a select's chosen value), as the browser sends it.</summary>
    public Task<TimeSpan> ChangeAsync(LogicalNode element, object value, Func<LogicalNode, bool>? until = null, TimeSpan? timeout = null) =>
        DispatchAsync(element, "change", JsonSerializer.Serialize(new { value }), value, until, timeout);

    /// <summary>An input event (typing into a text field).</summary>
    public Task<TimeSpan> InputAsync(LogicalNode element, string value, Func<LogicalNode, bool>? until = null, TimeSpan? timeout = null) =>
        DispatchAsync(element, "input", JsonSerializer.Serialize(new { value }), value, until, timeout);

    private async Task<TimeSpan> DispatchAsync(LogicalNode element, string eventName, string args, object? fieldValue,
        Func<LogicalNode, bool>? until, TimeSpan? timeout)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(60);
        Task rendered;
        Task<string> call;
        long start;
        // The handler id is read and the event sent under the circuit's lock, as a browser's single JS thread does: no
        // later batch can be applied and acknowledged in between. Acknowledging a batch lets the server drop the handler
        // ids it replaced, so an event sent after that ack with an id read before it fails ("no event handler").
        lock (gate)
        {
            if (!element.Events.TryGetValue(eventName, out var handler)) throw new InvalidOperationException($"no {eventName} handler on {element}");
            var before = batches;
            var descriptor = new JsonObject
            {
                ["eventHandlerId"] = handler,
                ["eventName"] = eventName,
                ["eventFieldInfo"] = fieldValue is null ? null : new JsonObject { ["componentId"] = element.RenderingComponentId, ["fieldValue"] = JsonValue.Create(fieldValue) },
            };
            var argsJson = "[" + descriptor.ToJsonString() + "," + args + "]";
            rendered = WaitAsync(_ => Interlocked.Read(ref batches) > before, wait);
            start = Stopwatch.GetTimestamp();
            call = InvokeDotNetAsync("DispatchEventAsync", argsJson);
        }
        // Not awaited: the call ends when the handler does, and a handler may wait for the next click (a confirmation dialog).
        _ = call.ContinueWith(t => Fail(t.Exception!.InnerException!.Message), TaskContinuationOptions.OnlyOnFaulted);
        LastEventHandled = call;
        // The waiters are checked again when the handler ends: a handler that renders nothing (or an event the server
        // skipped because its component was already disposed) sends no batch that would check them.
        _ = call.ContinueWith(_ => { lock (gate) CheckWaiters(); }, TaskContinuationOptions.OnlyOnRanToCompletion);
        await rendered;
        var elapsed = Stopwatch.GetElapsedTime(start, LastBatchTicks);
        if (until is not null) await WaitAsync(until, wait);
        return elapsed;
    }

    /// <summary>
    /// The server's handling of the last event sent: it ends when the handler does (after a confirmation dialog is answered),
    /// and at once when the server skipped the event because the component that rendered the handler had been disposed
    /// by a render this client had not applied yet (Blazor's renderer drops such an event, in a browser too).
    /// </summary>
    public Task LastEventHandled { get; private set; } = Task.CompletedTask;

    /// <summary>An internal link or a NavigateTo: the router renders the new page in this circuit.</summary>
    public async Task<TimeSpan> NavigateAsync(string path, Func<LogicalNode, bool> until, TimeSpan timeout)
    {
        long before;
        lock (gate) before = batches;
        var rendered = WaitAsync(_ => Interlocked.Read(ref batches) > before, timeout);
        var start = Stopwatch.GetTimestamp();
        Location = new Uri(baseUri, path).ToString();
        await connection!.SendAsync("OnLocationChanged", Location, null, true);
        await rendered;
        var elapsed = Stopwatch.GetElapsedTime(start, LastBatchTicks);
        await WaitAsync(until, timeout);
        return elapsed;
    }

    private Task<string> InvokeDotNetAsync(string method, string argsJson)
    {
        var id = Interlocked.Increment(ref nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        long target;
        lock (gate)
        {
            pendingCalls[id] = done;
            target = interopObjectId;
        }
        if (target < 0) throw new InvalidOperationException("the renderer's interop object is not attached yet");
        _ = connection!.SendAsync("BeginInvokeDotNetFromJS", id, null, method, target, argsJson);
        return done.Task;
    }

    private void OnEndInvokeDotNet(string callId, bool success, string result)
    {
        TaskCompletionSource<string>? done;
        lock (gate) pendingCalls.Remove(callId, out done);
        if (done is null) return;
        if (success) done.TrySetResult(result);
        else done.TrySetException(new InvalidOperationException("DispatchEventAsync failed: " + result));
    }

    private void OnRenderBatch(long batchId, byte[] data)
    {
        string? error = null;
        lock (gate)
        {
            try
            {
                tree.Apply(data);
            }
            catch (Exception e)
            {
                error = e.ToString();
            }
            LastBatchTicks = Stopwatch.GetTimestamp();
            LastBatchBytes = data.Length;
            Interlocked.Increment(ref batches);
            if (error is null)
            {
                AfterBatch?.Invoke(this);
                CheckWaiters();
            }
        }
        _ = connection!.SendAsync("OnRenderCompleted", batchId, error);
        if (error is not null) Fail("render batch " + batchId + ": " + error);
    }

    private void CheckWaiters()
    {
        for (var i = waiters.Count - 1; i >= 0; i--)
        {
            bool met;
            try
            {
                met = waiters[i].Condition(Body);
            }
            catch (Exception e)
            {
                waiters[i].Done.TrySetException(e);
                waiters.RemoveAt(i);
                continue;
            }
            if (met)
            {
                waiters[i].Done.TrySetResult();
                waiters.RemoveAt(i);
            }
        }
    }

    private void OnBeginInvokeJS(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        string result = "null";
        lock (gate)
        {
            JsCalls[identifier] = JsCalls.GetValueOrDefault(identifier) + 1;
            switch (identifier)
            {
                case "Blazor._internal.attachWebRendererInterop":
                    // [rendererId, {"__dotNetObject": id}, ...]: the object whose DispatchEventAsync receives browser events.
                    interopObjectId = JsonNode.Parse(argsJson)![1]!["__dotNetObject"]!.GetValue<long>();
                    break;
                case "Blazor._internal.navigationManager.navigateTo":
                    Navigate(JsonNode.Parse(argsJson)!.AsArray());
                    break;
                case "Blazor._internal.navigationManager.getUri":
                case "Blazor._internal.navigationManager.getLocationHref":
                    result = JsonSerializer.Serialize(Location);
                    break;
                case "Blazor._internal.navigationManager.getBaseURI":
                    result = JsonSerializer.Serialize(baseUri.ToString());
                    break;
            }
            // JSCallResultType.JSObjectReference (an import, a module instance): a reference the server can call later.
            if (resultType == 1) result = "{\"__jsObjectId\":" + nextJsObjectId++ + "}";
        }
        if (asyncHandle != 0)
            _ = connection!.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, "[" + asyncHandle + ",true," + result + "]");
    }

    /// <summary>NavigationManager.NavigateTo from the server: inside the interactive router unless forceLoad (or an account page).</summary>
    private void Navigate(JsonArray args)
    {
        var target = new Uri(baseUri, args[0]!.GetValue<string>());
        var force = args.Count > 1 && args[1]?["forceLoad"]?.GetValue<bool>() == true;
        if (force || target.AbsolutePath.StartsWith("/Account", StringComparison.OrdinalIgnoreCase))
        {
            FullNavigation = target.ToString();
            return;
        }
        Location = target.ToString();
        _ = connection!.SendAsync("OnLocationChanged", Location, null, false);
    }

    private void Fail(string error, bool dropped = false)
    {
        lock (gate)
        {
            Error ??= error;
            if (dropped) Dropped = true;
            foreach (var w in waiters) w.Done.TrySetException(new InvalidOperationException(error));
            waiters.Clear();
            foreach (var p in pendingCalls.Values) p.TrySetException(new InvalidOperationException(error));
            pendingCalls.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        disposing = true;
        if (connection is not null) await connection.DisposeAsync();
    }

    private sealed record Waiter(Func<LogicalNode, bool> Condition)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Markers();

    [GeneratedRegex("<!--\\s*Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)\\s*-->")]
    private static partial Regex ServerState();
}
