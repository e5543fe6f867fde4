using Microsoft.Playwright;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// The menu drawer of the signed-in layout (plain markup with MudDrawer's classes, open or closed by CSS at the md
/// breakpoint, 960 px): closed at phone width and opened over the content by 菜单; open beside the content on a wide
/// screen and closed by 菜单.
/// </summary>
public sealed class NavMenuDrawerTests(BrowserFixture browser, ReadOnlyDemoPortal portal) : IClassFixture<BrowserFixture>, IClassFixture<ReadOnlyDemoPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The test's pages close when it ends (<see cref="BrowserFixture.CloseContextsAsync"/>).</summary>
    public Task DisposeAsync() => browser.CloseContextsAsync();

    private const string Password = "Wllm2026!demo";

    private async Task<IPage> SignedInStudentAsync(int width, int height, bool phone)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "zh-CN", IsMobile = phone, HasTouch = phone });
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal.BaseAddress, "student@wllm.test", Password);
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/student");
        await page.WaitInteractiveAsync();
        return page;
    }

    private static ILocator Drawer(IPage page) => page.Locator("aside.mud-drawer");
    private static ILocator MenuButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "菜单" });

    [Fact]
    public async Task At_phone_width_the_menu_is_closed_and_opens_over_the_content_until_a_menu_entry_is_followed()
    {
        var page = await SignedInStudentAsync(375, 812, phone: true);
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "-240px");
        await Assertions.Expect(page.Locator(".mud-main-content")).ToHaveCSSAsync("margin-left", "0px");

        await MenuButton(page).ClickAsync();
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "0px");
        await Assertions.Expect(page.Locator(".mud-drawer-overlay")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-main-content")).ToHaveCSSAsync("margin-left", "0px");
        await page.ShotAsync("drawer-open-phone");

        await Drawer(page).GetByRole(AriaRole.Link, new() { Name = "个人信息" }).ClickAsync();
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/student/profile");
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "-240px");
        await Assertions.Expect(page.Locator(".mud-drawer-overlay")).ToHaveCountAsync(0);

        // The overlay closes it too.
        await MenuButton(page).ClickAsync();
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "0px");
        await page.Locator(".mud-drawer-overlay").ClickAsync(new() { Position = new() { X = 330, Y = 400 } });
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "-240px");
    }

    [Fact]
    public async Task On_a_wide_screen_the_menu_is_open_beside_the_content_and_the_button_closes_and_reopens_it()
    {
        var page = await SignedInStudentAsync(1280, 800, phone: false);
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "0px");
        await Assertions.Expect(page.Locator(".mud-main-content")).ToHaveCSSAsync("margin-left", "240px");
        await Assertions.Expect(page.Locator(".mud-drawer-overlay")).ToHaveCountAsync(0);

        await MenuButton(page).ClickAsync();
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "-240px");
        await Assertions.Expect(page.Locator(".mud-main-content")).ToHaveCSSAsync("margin-left", "0px");

        await MenuButton(page).ClickAsync();
        await Assertions.Expect(Drawer(page)).ToHaveCSSAsync("left", "0px");
        await Assertions.Expect(page.Locator(".mud-main-content")).ToHaveCSSAsync("margin-left", "240px");
    }
}
