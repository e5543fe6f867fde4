using Microsoft.Playwright;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>A school admin, with two-factor authentication required, enrols an authenticator and signs in with its code.</summary>
public sealed class TwoFactorEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Wllm2026!demo";
    private readonly PortalFactory portal = new(seedDemo: true, kestrel: true, settings: new Dictionary<string, string?>
    {
        ["Security:RequireTwoFactorForAdmins"] = "true",
    });
    private string baseAddress = "";

    public Task InitializeAsync()
    {
        baseAddress = portal.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task A_school_admin_enrols_by_scanning_the_key_and_is_asked_for_the_code_at_the_next_sign_in()
    {
        var email = DemoData.SchoolAdminEmail("10500");
        string key;
        await using (var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" }))
        {
            var page = await context.NewPageAsync();
            var csp = await CspWatch.AttachAsync(page);
            await page.SignInAsync(baseAddress, email, Password);
            // The password opened no school page: the admin lands on the enrolment page.
            await page.WaitForUrlExplainedAsync(baseAddress + "/Account/Manage/EnableAuthenticator");
            await Assertions.Expect(page.Locator("[data-testid='two-factor-required']")).ToBeVisibleAsync();
            var qr = page.Locator("[data-testid='authenticator-qr']");
            await Assertions.Expect(qr).ToBeVisibleAsync();
            Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "the QR code image did not load");
            await page.ShotAsync("two-factor-enrol");

            key = (await page.Locator("[data-testid='shared-key']").InnerTextAsync()).Trim();
            await page.FillAsync("#Input\\.Code", Totp.Now(key));
            await page.ClickAsync("#enable-authenticator-submit");
            await Assertions.Expect(page.Locator("[data-testid='recovery-codes'] li")).ToHaveCountAsync(10);
            await page.ShotAsync("two-factor-recovery-codes");
            await page.ClickAsync("#recovery-codes-done");
            await page.WaitForUrlExplainedAsync(baseAddress + "/Account/Manage/TwoFactorAuthentication");
            await page.GotoAsync(baseAddress + "/school");
            await page.WaitInteractiveAsync();
            Assert.Empty(await csp.ViolationsAsync());
        }

        await using (var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" }))
        {
            var page = await context.NewPageAsync();
            var csp = await CspWatch.AttachAsync(page);
            await page.SignInAsync(baseAddress, email, Password);
            await page.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex("/Account/LoginWith2fa"));
            await page.FillAsync("#Input\\.TwoFactorCode", Totp.WrongCode(key));
            await page.ClickAsync("#two-factor-submit");
            await Assertions.Expect(page.Locator("[data-testid='status-message']")).ToContainTextAsync("错误：验证码不正确");
            await page.ShotAsync("two-factor-code-prompt");

            // The next step's code: the enrolment already used this step's (a code is accepted once only).
            await page.FillAsync("#Input\\.TwoFactorCode", Totp.Next(key));
            await page.ClickAsync("#two-factor-submit");
            await page.WaitForUrlExplainedAsync(baseAddress + "/school");
            await page.WaitInteractiveAsync();
            Assert.Empty(await csp.ViolationsAsync());
        }
    }
}
