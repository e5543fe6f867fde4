using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// GB/T 37668 / WCAG 2.1 AA in Chromium: every page of every role (and the public pages) passes axe-core with no serious or
/// critical violation, has a &lt;main&gt; landmark, and every input has a Chinese label; the student answers with the keyboard alone.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private PortalFactory portal = default!;
    private string baseAddress = "";
    private int effective;

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(seedDemo: true, kestrel: true, clock: clock);
        baseAddress = portal.BaseAddress;
        effective = await PortalPages.ArrangeAsync(portal, clock);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await portal.DisposeAsync();
    }

    private async Task<IPage> PageAsync(string? email)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        if (email is not null)
        {
            await page.SignInAsync(baseAddress, email, PortalPages.Password);
            await page.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex("^(?!.*/Account/Login)"));
        }
        return page;
    }

    /// <summary>Inputs (visible ones and MudBlazor's check boxes) whose accessible name holds no Chinese character.</summary>
    private const string UnlabelledInputs = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter(e => e.type === 'checkbox' || e.type === 'radio' || e.offsetParent !== null)
          .filter(e => {
            const byIds = (e.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)?.textContent || '').join(' ');
            const name = (e.getAttribute('aria-label') || '') + ' ' + [...(e.labels || [])].map(l => l.textContent).join(' ') + ' ' + byIds + ' ' + (e.title || '');
            return !/[\u4e00-\u9fff]/.test(name);
          })
          .map(e => e.outerHTML.slice(0, 160))
        """;

    /// <summary>
    /// Every rule runs on every node as before; axe only skips collecting the details of the nodes that pass (and of
    /// the inapplicable and incomplete results), which this test never reads (decision 040: the scan is cheaper, not narrower).
    /// </summary>
    private static readonly AxeRunOptions ViolationsOnly = new() { ResultTypes = [ResultType.Violations] };

    private async Task CheckAsync(IPage page, string path, List<string> problems, bool interactive = true)
    {
        await page.GotoAsync(baseAddress + path);
        try
        {
            if (interactive) await page.WaitInteractiveAsync();
            else await page.WaitForLoadStateAsync(LoadState.Load);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{path} did not become interactive", ex);
        }
        var result = await page.RunAxe(ViolationsOnly);
        foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
            problems.Add($"{path}: {v.Id} ({v.Impact}) {v.Help} → {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString() + " " + n.Html?[..Math.Min(120, n.Html.Length)]))}");
        if (interactive && await page.Locator("main").CountAsync() == 0) problems.Add($"{path}: no <main> landmark");
        foreach (var input in await page.EvaluateAsync<string[]>(UnlabelledInputs)) problems.Add($"{path}: input without a Chinese label: {input}");
    }

    [Fact]
    public async Task Every_page_of_every_role_passes_axe_with_no_serious_or_critical_violation_and_labels_every_input_in_Chinese()
    {
        var problems = new List<string>();

        var anonymous = await PageAsync(null);
        foreach (var path in PortalPages.Public)
            await CheckAsync(anonymous, path, problems, interactive: false);

        var roles = PortalPages.ByRole(effective);
        foreach (var (email, paths) in roles)
        {
            var page = await PageAsync(email);
            foreach (var path in paths) await CheckAsync(page, path, problems);
            await CheckAsync(page, PortalPages.ChangePassword, problems, interactive: false);
            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
