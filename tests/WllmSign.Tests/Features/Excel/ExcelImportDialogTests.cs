using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Infrastructure;

namespace WllmSign.Tests.Features.Excel;

/// <summary>The two-step dialog (manual 3.1.2) with the real import service: texts, upload, report, callback.</summary>
public sealed class ExcelImportDialogTests : ExcelTestBed
{
    private readonly BunitContext ctx = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(ExcelLimits.Default);
        ctx.Services.AddSingleton(SendListImport());
        ctx.Services.AddSingleton(RosterImport());
        ctx.Services.AddSingleton(new CircuitRateLimits(new CircuitRateLimitOptions { Import = new() { Permits = 2, Window = TimeSpan.FromMinutes(1) } }, Clock));
        ctx.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        ctx.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        ctx.Services.AddScoped<CurrentUserAccessor>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(EmployerName);
        auth.SetRoles(Roles.Employer);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, Employer.UserId), new Claim(PortalClaims.EmployerId, EmployerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public override async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Dialog_shows_the_two_steps_imports_the_good_rows_and_reports_the_bad_ones()
    {
        var school = await SchoolName(SchoolId);
        var s = (await StudentsOf(SchoolId)).Where(x => x.GraduationYear == Year).Take(2).ToList();
        var file = SendListXlsx([Row(school, Year, s[0].Name, s[0].IdNumber), Row(school, Year, s[1].Name + "某", s[1].IdNumber), Row(school, Year, s[0].Name, s[0].IdNumber)]);
        ExcelImportResult? imported = null;

        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var button = ctx.Render<ExcelImportButton>(p => p
            .Add(x => x.Kind, ExcelImportKind.SendList)
            .Add(x => x.OnImported, (ExcelImportResult r) => imported = r));
        Assert.Contains("导入拟签约名单", button.Markup, StringComparison.Ordinal);
        // The button's handler waits for the dialog to close: do not await it until then.
        var open = button.Find("[data-testid=excel-import-button]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("第一步: 下载模板", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("填写模板格式必须要按照模板内容格式填写。", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("第二步: 上传文件", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("上传前请先确认导入的数据正确无误。导入数据的格式必须与下载模板的格式完全一致。", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("导入数据需要一段时间，请不要终止运行", dialogs.Markup, StringComparison.Ordinal);
        Assert.Equal(ExcelLinks.SendListTemplate, dialogs.Find("[data-testid=excel-template-link]").GetAttribute("href"));

        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file, "名单.xlsx"));
        await dialogs.Find("[data-testid=excel-import-start]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("成功导入1条，已加入签约发送列表；未导入2条", dialogs.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var rows = dialogs.FindAll("[data-testid=excel-rejected-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains(SendListImportService.NotFoundMessage, rows[0].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("3", rows[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("文件中重复", rows[1].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("/excel/rejected/", dialogs.Find("[data-testid=excel-rejected-download]").GetAttribute("href"), StringComparison.Ordinal);

        await dialogs.Find("[data-testid=excel-import-close]").ClickAsync(new());
        await open.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, imported!.Added);
    }

    [Fact]
    public async Task A_bad_file_shows_its_message_in_the_dialog()
    {
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var button = ctx.Render<ExcelImportButton>(p => p.Add(x => x.Kind, ExcelImportKind.SendList));
        _ = button.Find("[data-testid=excel-import-button]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.FindComponent<InputFile>());

        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a,b,c", "名单.csv"));
        await dialogs.Find("[data-testid=excel-import-start]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Equal(ExcelSheetReader.NotExcelMessage, dialogs.Find("[data-testid=excel-import-error]").TextContent.Trim()), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Imports_beyond_the_limit_per_user_are_refused_with_the_wait()
    {
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var button = ctx.Render<ExcelImportButton>(p => p.Add(x => x.Kind, ExcelImportKind.SendList));
        _ = button.Find("[data-testid=excel-import-button]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.FindComponent<InputFile>());

        // This bed allows two imports a minute (RateLimits:Import); each bad file still counts as an import.
        for (var i = 0; i < 2; i++)
        {
            dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a,b,c", "名单.csv"));
            await dialogs.Find("[data-testid=excel-import-start]").ClickAsync(new());
            dialogs.WaitForAssertion(() => Assert.Equal(ExcelSheetReader.NotExcelMessage, dialogs.Find("[data-testid=excel-import-error]").TextContent.Trim()), TimeSpan.FromSeconds(20));
        }
        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a,b,c", "名单.csv"));
        await dialogs.Find("[data-testid=excel-import-start]").ClickAsync(new());

        var expected = CircuitRateLimits.Refusal(CircuitAction.Import, TimeSpan.FromSeconds(60 - Clock.GetUtcNow().Second));
        dialogs.WaitForAssertion(() => Assert.Equal(expected, dialogs.Find("[data-testid=excel-import-error]").TextContent.Trim()), TimeSpan.FromSeconds(20));
        Assert.StartsWith("导入过于频繁，请", expected, StringComparison.Ordinal);
    }
}
