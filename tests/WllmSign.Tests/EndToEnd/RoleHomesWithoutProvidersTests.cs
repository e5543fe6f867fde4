using Microsoft.Playwright;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// Decision 039: the student, school and alliance homes are shown without MudBlazor's popover, dialog and snackbar
/// providers (as the employer home since decision 036), and the next page of the menu has them again inside the same
/// circuit; back on the home they are gone and the home's content and active menu entry are as before.
/// </summary>
public sealed class RoleHomesWithoutProvidersTests(BrowserFixture browser, ReadOnlyDemoPortal portal) : IClassFixture<BrowserFixture>, IClassFixture<ReadOnlyDemoPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The test's pages close when it ends (<see cref="BrowserFixture.CloseContextsAsync"/>).</summary>
    public Task DisposeAsync() => browser.CloseContextsAsync();

    private const string Password = "Wllm2026!demo";

    [Theory]
    [InlineData("student@wllm.test", "/student", "我的首页", "student-counts", "个人信息", "/student/profile")]
    [InlineData("school10500@wllm.test", "/school", "学校首页", "school-name", "毕业生名单", "/school/roster")]
    [InlineData("alliance@wllm.test", "/admin", "联盟首页", "schools-table", "学校管理", "/admin/schools")]
    public async Task A_role_home_has_no_popover_host_and_the_next_page_of_the_menu_gets_one(
        string email, string home, string homeEntry, string homeContent, string nextEntry, string next)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal.BaseAddress, email, Password);
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + home);
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator($"[data-testid='{homeContent}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-popover-provider")).ToHaveCountAsync(0);
        await page.ShotAsync("role-home-without-providers" + home.Replace('/', '-'));

        var menu = page.Locator("[data-testid='nav-menu']");
        await menu.GetByRole(AriaRole.Link, new() { Name = nextEntry, Exact = true }).ClickAsync();
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + next);
        await Assertions.Expect(page.Locator(".mud-popover-provider")).ToHaveCountAsync(1);
        await Assertions.Expect(menu.Locator("a[aria-current='page']")).ToHaveTextAsync(nextEntry);

        await menu.GetByRole(AriaRole.Link, new() { Name = homeEntry, Exact = true }).ClickAsync();
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + home);
        await Assertions.Expect(page.Locator($"[data-testid='{homeContent}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-popover-provider")).ToHaveCountAsync(0);
        await Assertions.Expect(menu.Locator("a[aria-current='page']")).ToHaveTextAsync(homeEntry);
    }
}
