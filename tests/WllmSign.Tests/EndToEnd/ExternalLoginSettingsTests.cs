using Microsoft.Playwright;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>Decision 023's settings: with no provider nothing changes; local passwords can be switched off per role.</summary>
public sealed class ExternalLoginSettingsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The test's pages close when it ends (<see cref="BrowserFixture.CloseContextsAsync"/>).</summary>
    public Task DisposeAsync() => browser.CloseContextsAsync();

    private const string Password = "Wllm2026!demo";

    [Fact]
    public async Task Without_a_provider_the_login_page_has_no_alliance_button_and_no_callback()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient(new() { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/Account/Login");
        Assert.Contains("用户登录", login, StringComparison.Ordinal);
        Assert.DoesNotContain("使用联盟账号登录", login, StringComparison.Ordinal);
        Assert.DoesNotContain("external-logins", login, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/signin-alliance?code=x&state=y")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(ExternalLoginRegistration.CallbackPath)).StatusCode);
    }

    [Fact]
    public async Task Employers_local_login_switched_off_refuses_their_password_but_not_a_students()
    {
        await using var portal = new PortalFactory(seedDemo: true, kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Authentication:LocalLogin:Employer"] = "false",
        });
        var baseAddress = portal.BaseAddress;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.SignInAsync(baseAddress, DemoData.EmployerEmail, Password);
        await Assertions.Expect(page.Locator("[data-testid='status-message']")).ToContainTextAsync("请使用下方的联盟账号");
        await page.GotoAsync(baseAddress + "/employer");
        Assert.StartsWith(baseAddress + "/Account/Login", page.Url, StringComparison.Ordinal);

        await page.SignInAsync(baseAddress, DemoData.StudentEmail, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + "/student");
    }
}
