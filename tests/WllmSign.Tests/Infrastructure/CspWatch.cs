using Microsoft.Playwright;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// Collects every Content-Security-Policy violation a page reports: the <c>securitypolicyviolation</c> events
/// (through an init script, which DevTools injects outside the page's policy) and Chromium's console messages
/// about refused resources. Also notes whether the page opened a WebSocket (the Blazor circuit).
/// </summary>
public sealed class CspWatch
{
    private const string Listener =
        "window.__cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(" +
        "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    private readonly List<string> console = [];
    private readonly IPage page;

    public int WebSockets { get; private set; }

    private CspWatch(IPage page) => this.page = page;

    public static async Task<CspWatch> AttachAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var watch = new CspWatch(page);
        await page.AddInitScriptAsync(Listener);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal))
                lock (watch.console) watch.console.Add(m.Text);
        };
        page.WebSocket += (_, _) => watch.WebSockets++;
        return watch;
    }

    /// <summary>The violations of the current document (events) and of every document so far (console).</summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync()
    {
        var events = await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        lock (console) return [.. events, .. console];
    }
}
