using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Features.Excel;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>导入拟签约名单 in the browser: the template downloads, a file with bad rows imports, the report lists them, the good rows are in the send list.</summary>
public sealed class ExcelImportEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, kestrel: true);
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
    public async Task Employer_imports_a_list_with_bad_rows_and_sees_the_row_report()
    {
        List<object?[]> rows;
        await using (var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            var school = await db.Schools.SingleAsync(s => s.Code == "10500");
            var students = await db.Students.Where(s => s.SchoolId == school.Id).OrderBy(s => s.Id).Take(3).ToListAsync();
            rows =
            [
                ExcelTestBed.Row(school.Name, students[0].GraduationYear, students[0].Name, students[0].IdNumber),
                ExcelTestBed.Row(school.Name, students[1].GraduationYear, students[1].Name, students[1].IdNumber),
                ExcelTestBed.Row(school.Name, students[2].GraduationYear, "不是这个名字", students[2].IdNumber),
                ExcelTestBed.Row(school.Name, students[0].GraduationYear, students[0].Name, "420106200301150019"),
            ];
        }
        var file = Path.Combine(portal.Folder, "拟签约名单.xlsx");
        await File.WriteAllBytesAsync(file, ExcelTestBed.SendListXlsx(rows));

        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.EmployerEmail, "Wllm2026!demo");
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");
        await page.GotoAsync(baseAddress + "/employer/send");
        await page.WaitInteractiveAsync();

        await page.Locator("[data-testid='excel-import-button']").ClickAsync();
        var dialog = page.Locator("[data-testid='excel-import-dialog']");
        await Assertions.Expect(dialog).ToContainTextAsync("第一步");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid='excel-template-link']").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);

        // 导入 waits for a file; the chosen file is acknowledged with its name and size before 导入 can be pressed.
        var start = page.Locator("[data-testid='excel-import-start']");
        await Assertions.Expect(start).ToBeDisabledAsync();
        await dialog.UploadFileAsync(file);
        await Assertions.Expect(start).ToBeEnabledAsync();
        await page.ShotAsync("excel-import-file-chosen");
        await start.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='excel-import-summary']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='excel-rejected-table']")).ToContainTextAsync("未找到该学生");
        await Assertions.Expect(page.Locator("[data-testid='excel-rejected-table']")).ToContainTextAsync("校验位");
        await page.ShotAsync("excel-import-report");

        await page.Locator("[data-testid='excel-import-close']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='send-list']")).ToContainTextAsync(rows[0][2]!.ToString()!);
        await Assertions.Expect(page.Locator("[data-testid='send-list']")).ToContainTextAsync(rows[1][2]!.ToString()!);
        await page.ShotAsync("excel-import-send-list");

        await using var check = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.Equal(2, await check.SendList.CountAsync());
    }
}
