using Microsoft.Playwright;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Tests.Features.SchoolAdmin;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>操作日志: the school admin reads who verified what, from where; the alliance reads everyone's.</summary>
public sealed class AuditLogEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private SchoolAdminWorld world = default!;
    private string baseAddress = "";

    public async Task InitializeAsync()
    {
        world = await SchoolAdminWorld.StartAsync(kestrel: true);
        baseAddress = world.Portal.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task School_admin_sees_their_sign_in_and_the_verification_in_the_audit_log()
    {
        var id = await world.Given.Invites(world.Students[0], world.NewOffer("Java开发工程师")).Accepted();
        await world.Get<IVerificationService>().ApproveAsync(world.SchoolAdmin(), VerificationKind.Signing, [id]);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.SchoolAdminEmail("10500"), "Wllm2026!demo");
        await page.WaitForUrlExplainedAsync(baseAddress + "/school");

        await page.GotoAsync(baseAddress + "/school/audit");
        await page.WaitInteractiveAsync();
        var log = page.GetByTestId("audit-log");
        await Assertions.Expect(log.GetByText(AuditActions.SignIn)).ToBeVisibleAsync();
        await Assertions.Expect(log.GetByText(AuditActions.VerificationApproved)).ToBeVisibleAsync();
        await Assertions.Expect(log.GetByText($"签约 #{id} ", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(log.GetByText("127.0.0.1")).ToBeVisibleAsync();
        await page.ShotAsync("audit-school");

        // Filter by action: only the verification remains.
        await page.GetByTestId("audit-action").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = AuditActions.VerificationApproved }).ClickAsync();
        await Assertions.Expect(log.GetByText(AuditActions.SignIn)).ToHaveCountAsync(0);
        await Assertions.Expect(log.GetByText(AuditActions.VerificationApproved)).ToBeVisibleAsync();
    }
}
