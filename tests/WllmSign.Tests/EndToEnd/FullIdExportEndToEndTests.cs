using Microsoft.Playwright;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Features.SchoolAdmin;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>导出完整身份证号 in Chromium: the confirmation's 导出 posts the form with its antiforgery token and downloads the file (decision 019).</summary>
public sealed class FullIdExportEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
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
    public async Task The_full_id_roster_export_is_a_confirmed_form_post_that_downloads_and_is_logged()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.SchoolAdminEmail("10500"), "Wllm2026!demo");
        await page.WaitForUrlExplainedAsync(baseAddress + "/school");
        await page.GotoAsync(baseAddress + "/school/roster");
        await page.WaitInteractiveAsync();

        await page.GetByTestId("excel-export-more").ClickAsync();
        await page.GetByTestId("excel-export-full").ClickAsync();
        var confirm = page.GetByTestId("excel-export-full-confirm");
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("本次导出将被记录")).ToBeVisibleAsync();
        await page.ShotAsync("excel-full-export-confirm");
        var form = page.GetByTestId("excel-export-full-form");
        await Assertions.Expect(form).ToHaveAttributeAsync("method", "post");
        Assert.False(string.IsNullOrEmpty(await form.Locator("input[name='__RequestVerificationToken']").GetAttributeAsync("value")));

        var download = await page.RunAndWaitForDownloadAsync(() => confirm.ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Null(await download.FailureAsync());

        await page.GotoAsync(baseAddress + "/school/audit");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("audit-log").GetByText(AuditActions.FullIdExported)).ToBeVisibleAsync();
    }
}
