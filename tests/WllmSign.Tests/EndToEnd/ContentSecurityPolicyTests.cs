using Microsoft.Playwright;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// ASVS 14.4.3: the login page, the public check and every role's home run under the portal's
/// Content-Security-Policy (scripts by origin or nonce only) without a single violation, and the circuit comes up
/// over its WebSocket.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture browser, ReadOnlyDemoPortal portal) : IClassFixture<BrowserFixture>, IClassFixture<ReadOnlyDemoPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The test's pages close when it ends (<see cref="BrowserFixture.CloseContextsAsync"/>).</summary>
    public Task DisposeAsync() => browser.CloseContextsAsync();

    private const string Password = "Wllm2026!demo";
    [Fact]
    public async Task The_login_page_and_the_public_check_load_under_the_policy_without_violations()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var csp = await CspWatch.AttachAsync(page);

        var response = await page.GotoAsync(portal.BaseAddress + "/Account/Login");
        Assert.Contains("script-src 'self' 'nonce-", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#login-submit")).ToBeVisibleAsync();
        // The static page still loads blazor.web.js (enhanced navigation): a link to another account page.
        await page.ClickAsync("a[href='Account/Register']");
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/Account/Register");
        Assert.Empty(await csp.ViolationsAsync());

        // The public check (a static GET form; form-action 'self').
        await page.GotoAsync(portal.BaseAddress + "/verify");
        await page.FillAsync("#no", "105002027999999");
        await page.FillAsync("#code", "ABCD2345");
        await page.ClickAsync("#verify-submit");
        await Assertions.Expect(page.Locator("[data-testid='verify-verdict']")).ToHaveTextAsync("不存在");
        Assert.Empty(await csp.ViolationsAsync());
    }

    [Theory]
    [InlineData(DemoData.EmployerEmail, "/employer")]
    [InlineData(DemoData.StudentEmail, "/student")]
    [InlineData("school10500@wllm.test", "/school")]
    [InlineData(DemoData.AllianceEmail, "/admin")]
    public async Task Each_roles_home_becomes_interactive_under_the_policy_without_violations(string email, string home)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var csp = await CspWatch.AttachAsync(page);

        await page.SignInAsync(portal.BaseAddress, email, Password);
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + home);
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='nav-menu']")).ToBeVisibleAsync();

        Assert.Empty(await csp.ViolationsAsync());
        Assert.True(csp.WebSockets > 0, "the circuit did not use a WebSocket");
    }
}
