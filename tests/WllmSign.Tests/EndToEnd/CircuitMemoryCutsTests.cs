using Microsoft.Playwright;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// What decision 036 (circuit memory) changed, as a user sees it: the employer home is shown without MudBlazor's
/// popover, dialog and snackbar providers, and a page that needs them has them again after an in-circuit navigation
/// (its select opens its list); the document title comes from the page in the prerendered HTML and follows every
/// navigation inside the circuit (one PortalTitle component instead of HeadOutlet).
/// </summary>
public sealed class CircuitMemoryCutsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, kestrel: true);
    private const string Password = "Wllm2026!demo";

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task The_employer_home_has_no_popover_host_the_next_page_gets_one_and_the_title_follows_the_navigation()
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal.BaseAddress, "employer@wllm.test", Password);
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/employer");
        await page.WaitInteractiveAsync();

        // The prerendered page already carries its title (PortalTitle is prerendered after the page set it).
        var prerendered = await (await context.APIRequest.GetAsync(portal.BaseAddress + "/employer")).TextAsync();
        var head = System.Net.WebUtility.HtmlDecode(prerendered[..Math.Max(0, prerendered.IndexOf("</head>", StringComparison.Ordinal))]);
        Assert.Contains("<title>用户中心 - 签约上报系统</title>", head, StringComparison.Ordinal);
        await Assertions.Expect(page).ToHaveTitleAsync("用户中心 - 签约上报系统");
        await Assertions.Expect(page.Locator("[data-testid='signing-todo']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-popover-provider")).ToHaveCountAsync(0);

        // By the menu (inside the circuit) to 数据管理: its selects open their lists, the title follows.
        await page.Locator("[data-testid='nav-menu']").GetByRole(AriaRole.Link, new() { Name = "数据管理" }).ClickAsync();
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/employer/data");
        await Assertions.Expect(page).ToHaveTitleAsync("签约管理 - 签约上报系统");
        await Assertions.Expect(page.Locator(".mud-popover-provider")).ToHaveCountAsync(1);
        await page.Locator("[data-testid='filter-school']").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await page.ShotAsync("circuit-memory-select-after-navigation");
        await page.Keyboard.PressAsync("Escape");

        // Back to 用户中心: the providers are gone again, the title is the home's, the menu entry is active.
        await page.Locator("[data-testid='nav-menu']").GetByRole(AriaRole.Link, new() { Name = "用户中心" }).ClickAsync();
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/employer");
        await Assertions.Expect(page).ToHaveTitleAsync("用户中心 - 签约上报系统");
        await Assertions.Expect(page.Locator("[data-testid='signing-todo']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-popover-provider")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='nav-menu'] a[aria-current='page']")).ToHaveTextAsync("用户中心");
        await page.ShotAsync("circuit-memory-home-after-navigation");
    }
}
