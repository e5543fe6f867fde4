using Microsoft.Playwright;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole test run (Playwright's own browser download is not used), shared by every
/// end-to-end class: each class takes it as a class fixture (<c>IClassFixture&lt;BrowserFixture&gt;</c>), so the classes
/// run in parallel like any other test class (decision 040) and each test gets its own browser context (own cookies,
/// storage, pages). Chromium is launched by the first fixture that needs it and closed when the last one is disposed.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? shared;
    private static int users;
    private IBrowser browser = default!;
    private readonly List<IBrowserContext> open = [];

    /// <summary>
    /// Debian's <c>chromium-headless-shell</c> (the same Chromium build without the desktop browser around it: no
    /// window UI renderer per context, a lighter browser process; Playwright's own default for headless runs). It
    /// took 121 s of CPU where the full browser in headless mode took 280 s for the same end-to-end tests
    /// (decision 051). <c>WLLM_CHROMIUM</c> picks another, e.g. <c>/usr/bin/chromium</c>.
    /// </summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("WLLM_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium-headless-shell";

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            shared ??= await LaunchAsync();
            users++;
            browser = shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: run scripts/test.sh (it installs Debian's chromium-headless-shell).");
        // Every Expect waits for its state as long as an action waits for its element (Playwright's default is 5 s,
        // too short on a loaded machine): a state that comes late passes, one that never comes fails after StateTimeout.
        Assertions.SetDefaultExpectTimeout(PageExtensions.StateTimeout);
        playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// A new browser context whose actions and navigations wait up to <see cref="PageExtensions.StateTimeout"/> for
    /// their element or page (the only way a test gets one: the browser itself is not handed out).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(PageExtensions.StateTimeout);
        RequestLog.Watch(context, browser);
        lock (open) open.Add(context);
        context.Close += (_, _) => { lock (open) open.Remove(context); };
        return context;
    }

    /// <summary>
    /// Closes every context this class's tests opened and have not closed. Each end-to-end class calls it when a test
    /// ends (its <c>DisposeAsync</c>), before it stops its portal: a page left open on a stopped portal runs Blazor's
    /// reconnect loop and its animations until the browser closes at the end of the run — measured in session 11 as
    /// ten such pages at ~10% of a core each (decision 051).
    /// </summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] left;
        lock (open) left = [.. open];
        foreach (var context in left) await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        int left;
        lock (open) left = open.Count;
        if (left > 0)
        {
            await CloseContextsAsync();
            throw new InvalidOperationException($"{left} browser context(s) were still open when the class ended: each test closes what it opens "
                + "(await using, or BrowserFixture.CloseContextsAsync in the class's DisposeAsync).");
        }
        await Gate.WaitAsync();
        try
        {
            if (--users > 0 || shared is null) return;
            await shared.CloseAsync();
            shared = null;
            playwright?.Dispose();
            playwright = null;
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>
/// Kept for browser tests written before decision 040: a class in this collection runs one after the other with the
/// others in it (sharing the same Chromium). New end-to-end classes take <see cref="BrowserFixture"/> as a class
/// fixture instead and run in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

public static class PageExtensions
{
    /// <summary>
    /// How long any wait for a state may take — an action's element, a navigation, an Expect — before the test fails
    /// (decision 024). Playwright's defaults (30 s for actions, 5 s for Expect) failed on a machine with a load average of
    /// 50–70 on two cores, where a freshly started portal's first sign-in took over 30 s.
    /// </summary>
    public const float StateTimeout = 60_000;

    /// <summary>
    /// Screenshots land in artifacts/screenshots at the repository root; the PostgreSQL pass's in
    /// artifacts/screenshots-postgres (with WLLM_PARALLEL_PASSES=1 it runs beside the SQLite pass, whose classes write the same names).
    /// </summary>
    public static string ScreenshotFolder
    {
        get
        {
            var path = Path.Combine(RepositoryPaths.Root, "artifacts", PortalFactory.PostgresServer is null ? "screenshots" : "screenshots-postgres");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>
    /// A full-page screenshot of the settled page: CSS transitions and animations are run to their end first
    /// (Playwright's <c>Animations = Disabled</c>), so a button a test has just seen enabled is drawn enabled, not in
    /// the first frames of MudBlazor's 250 ms colour transition (decision 053).
    /// </summary>
    public static Task ShotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

    /// <summary>
    /// Waits for the page to reach <paramref name="url"/>; when it does not, the failure says where the page is and what
    /// it shows (and keeps a screenshot), so a navigation that never came can be told from a page that answered otherwise.
    /// The state waited for is the address alone: most of the portal's navigations happen inside the live circuit
    /// (same-document, no load event of their own), and Playwright's <c>WaitForURLAsync</c> also waits for a load event
    /// it can lose track of on a busy machine (decision 024). What a test needs next, it waits for by locator.
    /// </summary>
    public static Task WaitForUrlExplainedAsync(this IPage page, string url) =>
        page.WaitForUrlExplainedAsync(url, () => Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = StateTimeout }));

    /// <summary>The same for an address that matches <paramref name="url"/> (a query string, another origin's page).</summary>
    public static Task WaitForUrlExplainedAsync(this IPage page, System.Text.RegularExpressions.Regex url) =>
        page.WaitForUrlExplainedAsync(url.ToString(), () => Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = StateTimeout }));

    private static async Task WaitForUrlExplainedAsync(this IPage page, string url, Func<Task> expect)
    {
        try
        {
            await expect();
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no body)", TaskScheduler.Default);
            var readyState = await page.EvaluateAsync<string>("document.readyState").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(unknown)", TaskScheduler.Default);
            var shot = "timeout-" + Guid.NewGuid().ToString("N")[..8];
            await page.ShotAsync(shot);
            throw new TimeoutException($"Waited for {url}; the page is at {page.Url} (document.readyState {readyState}; screenshot {shot}.png) and shows: "
                + $"{text[..Math.Min(400, text.Length)]}\n{RequestLog.Describe(page.Context)}", ex);
        }
    }

    /// <summary>Waits until the Blazor circuit is live: the prerendered page looks done but does nothing before.</summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive='yes']").WaitForAsync();

    public static async Task SignInAsync(this IPage page, string baseAddress, string email, string password)
    {
        await page.GotoAsync(baseAddress + "/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#login-submit");
    }
}

/// <summary>Filling the portal's MudBlazor fields by their data-testid.</summary>
public static class MudFields
{
    public static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>The message MudBlazor shows under the field while the field is marked invalid (decision 028).</summary>
    public static ILocator ErrorUnder(IPage page, string testId) =>
        Input(page, testId).Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]").Locator(".mud-input-helper-text.mud-input-error");

    /// <summary>Fills the field and leaves it (Tab), so its value reaches the circuit.</summary>
    public static async Task FillFieldAsync(this IPage page, string testId, string value)
    {
        var input = Input(page, testId);
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    /// <summary>Opens a MudSelect and picks the option with exactly this text; waits for the list to close.</summary>
    public static async Task PickOptionAsync(this IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid='{testId}']").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Opens a MudSelect and waits until its list has been placed where a user expects it: its left edge on the field's left
    /// edge (±4 px) and its top just under the field (issue #19: the 学校 list on 签约搜索 opened offset to the right).
    /// MudBlazor places the list by script after it opens, so this waits for the placed state; a list that stays
    /// offset fails with the two rectangles in the message. The list is left open.
    /// </summary>
    public static async Task OpenDropdownUnderFieldAsync(this IPage page, string testId)
    {
        await page.Locator($"[data-testid='{testId}']").First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        const string Placement = """
            id => {
                const field = document.querySelector(`[data-testid='${id}']`);
                const box = (field.closest('.mud-input-control') ?? field).querySelector('.mud-input') ?? field;
                const list = document.querySelector('.mud-popover-open');
                if (!list) return null;
                const a = box.getBoundingClientRect(), p = list.getBoundingClientRect();
                return { fieldLeft: a.left, fieldBottom: a.bottom, listLeft: p.left, listTop: p.top };
            }
            """;
        try
        {
            await page.WaitForFunctionAsync(
                $"id => {{ const r = ({Placement})(id); return r && Math.abs(r.listLeft - r.fieldLeft) <= 4 && r.listTop >= r.fieldBottom - 4 && r.listTop - r.fieldBottom <= 24; }}",
                testId, new() { Timeout = PageExtensions.StateTimeout });
        }
        catch (TimeoutException)
        {
            var seen = await page.EvaluateAsync<System.Text.Json.JsonElement?>(Placement, testId);
            throw new TimeoutException($"the list of '{testId}' did not open under its field: {seen}");
        }
    }
}
