using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// What a browser context asked of the server and has not had answered, kept so that a wait that times out can say
/// which request the page was still waiting for (a navigation whose load never fires is a request that never ended).
/// </summary>
internal static class RequestLog
{
    private sealed class Log
    {
        public readonly ConcurrentDictionary<IRequest, DateTimeOffset> Pending = new();
        public readonly ConcurrentQueue<string> Events = new();
        public IBrowser Browser = default!;

        public void Note(string line)
        {
            Events.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
            while (Events.Count > 40) Events.TryDequeue(out _);
        }
    }

    private static readonly ConditionalWeakTable<IBrowserContext, Log> Logs = new();

    public static void Watch(IBrowserContext context, IBrowser browser)
    {
        var log = new Log { Browser = browser };
        Logs.Add(context, log);
        context.Request += (_, r) => log.Pending[r] = DateTimeOffset.UtcNow;
        context.RequestFinished += (_, r) => log.Pending.TryRemove(r, out DateTimeOffset _);
        context.RequestFailed += (_, r) =>
        {
            log.Pending.TryRemove(r, out DateTimeOffset _);
            log.Note($"request failed: {r.Method} {r.Url} ({r.Failure})");
        };
        context.Page += (_, page) =>
        {
            page.FrameNavigated += (_, f) => { if (f.ParentFrame is null) log.Note($"navigated: {f.Url}"); };
            page.Load += (_, _) => log.Note("load");
            page.Console += (_, m) => { if (m.Type is "error" or "warning") log.Note($"console {m.Type}: {m.Text}"); };
            page.PageError += (_, e) => log.Note($"page error: {e}");
            page.Crash += (_, _) => log.Note("page crashed");
        };
    }

    public static string Describe(IBrowserContext context)
    {
        if (!Logs.TryGetValue(context, out var log)) return "(requests not watched)";
        var now = DateTimeOffset.UtcNow;
        var pending = log.Pending.Select(p => $"  {p.Key.Method} {p.Key.Url} ({p.Key.ResourceType}), waiting {(now - p.Value).TotalSeconds:0.0} s").ToList();
        var pages = log.Browser.Contexts.Sum(c => c.Pages.Count);
        return $"Requests not answered ({pending.Count}):\n{string.Join('\n', pending)}\n"
            + $"Open pages in the browser: {pages} in {log.Browser.Contexts.Count} contexts.\nLast events:\n  {string.Join("\n  ", log.Events)}";
    }
}
