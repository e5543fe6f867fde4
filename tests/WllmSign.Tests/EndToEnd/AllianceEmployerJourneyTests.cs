using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.AllianceIdP;
using WllmSign.Domain.Common;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// Issue #21's "done when": an employer that has never registered with the portal signs in with its alliance account
/// and does the job — 签约信息确认, 申请入驻 at a school, the school admin approves, 签约搜索 and a 邀请函 sent.
/// Its own provider and portal (AllianceWorld), so the unit is new to the portal.
/// </summary>
public sealed class AllianceEmployerJourneyTests(BrowserFixture browser, AllianceWorld world) : IClassFixture<BrowserFixture>, IClassFixture<AllianceWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The test's pages close when it ends (<see cref="BrowserFixture.CloseContextsAsync"/>).</summary>
    public Task DisposeAsync() => browser.CloseContextsAsync();

    private const string SchoolName = "湖北工业大学";

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = world.Portal.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task A_new_employer_signs_in_with_its_alliance_account_applies_for_residency_and_invites_a_student()
    {
        var account = AllianceAccounts.NewUnit;
        var baseAddress = world.PortalAddress;
        Assert.False(await WithDbAsync(db => db.Employers.AnyAsync(e => e.CreditCode == account.CreditCode)));
        var year = WllmSign.Domain.Students.GraduationYear.Current(TimeProvider.System);
        var (studentId, name, idNumber) = await WithDbAsync(async db =>
        {
            var schoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
            var s = await db.Students.Where(s => s.SchoolId == schoolId && s.GraduationYear == year && !db.Signings.Any(x => x.StudentId == s.Id)).OrderBy(s => s.Id).Skip(7).FirstAsync();
            return (s.Id, s.Name, s.IdNumber);
        });

        await using var employerContext = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await employerContext.NewPageAsync();

        // ---- 使用联盟账号登录: at the alliance's page with the alliance password, back on 签约信息确认.
        await page.GotoAsync(baseAddress + "/Account/Login");
        await page.ClickAsync("#external-alliance");
        await page.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(world.IdpAddress + "/login")));
        await page.FillAsync("#idp-email", account.Email);
        await page.FillAsync("#idp-password", account.Password);
        await page.ClickAsync("#idp-submit");
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer/confirm");
        await page.WaitInteractiveAsync();
        await Expect(page.GetByText(account.UnitName).First).ToBeVisibleAsync();

        await page.PickOptionAsync("nature", "其他企业");
        await page.PickOptionAsync("location-province", "湖北省");
        await page.PickOptionAsync("location-city", "武汉市");
        await page.PickOptionAsync("archive", "转寄其他单位");
        await page.FillFieldAsync("archive-unit", "武汉市人才服务中心");
        await page.FillFieldAsync("archive-address", "武汉市江岸区沿江大道100号");
        await page.FillFieldAsync("archive-postcode", "430010");
        await page.FillFieldAsync("archive-contact", "王老师");
        await page.FillFieldAsync("archive-phone", "027-85771234");
        await page.PickOptionAsync("hukou", "单位集体户");
        await page.FillFieldAsync("hukou-address", "武汉市洪山区光谷大道1号");
        await page.ShotAsync("alliance-journey-01-confirm");
        await page.ClickAsync("[data-testid='signing-info-submit']");
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");
        await Expect(page.Locator("[data-testid='employer-info']")).ToContainTextAsync(account.UnitName);

        // ---- 申请入驻 at 湖北工业大学.
        await page.GotoAsync(baseAddress + "/employer/schools");
        await page.WaitInteractiveAsync();
        await page.FillFieldAsync("school-name", "湖北工业");
        await page.ClickAsync("[data-testid='school-search']");
        var row = page.Locator("[data-testid='schools-table'] tbody tr", new() { HasText = SchoolName });
        await Expect(page.Locator("[data-testid='schools-table'] tbody tr")).ToHaveCountAsync(1);
        await row.Locator("[data-testid='apply']").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync($"确定向“{SchoolName}”申请入驻吗");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(row.Locator("[data-testid='status']")).ToHaveTextAsync("审核中");
        await page.ShotAsync("alliance-journey-02-residency-pending");

        // ---- the school admin of 10500 approves it.
        await using (var schoolContext = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" }))
        {
            var school = await schoolContext.NewPageAsync();
            await school.SignInAsync(baseAddress, DemoData.SchoolAdminEmail("10500"), "Wllm2026!demo");
            await school.WaitForUrlExplainedAsync(baseAddress + "/school");
            await school.GotoAsync(baseAddress + "/school/residencies");
            await school.WaitInteractiveAsync();
            var pending = school.Locator("[data-testid='pending-residencies'] tbody tr", new() { HasText = account.UnitName });
            await pending.Locator("[data-testid='residency-approve']").ClickAsync();
            await school.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
            await Expect(pending).ToHaveCountAsync(0);
        }
        var employerId = await WithDbAsync(db => db.Employers.Where(e => e.CreditCode == account.CreditCode).Select(e => e.Id).SingleAsync());
        Assert.Equal(ResidencyStatus.Approved, await WithDbAsync(db => db.Residencies.Where(r => r.EmployerId == employerId).Select(r => r.Status).SingleAsync()));

        // ---- 签约搜索 by the four keys → 签约发送列表 → 邀请函 → 预览 → 确认发送.
        await page.GotoAsync(baseAddress + "/employer/search");
        await page.WaitInteractiveAsync();
        await page.PickOptionAsync("search-school", SchoolName);
        await page.FillFieldAsync("search-name", name);
        await page.FillFieldAsync("search-id", idNumber);
        await page.ClickAsync("[data-testid='search-submit']");
        await Expect(page.Locator("[data-testid='found-student']")).ToContainTextAsync(name);
        await page.ClickAsync("[data-testid='add-to-list']");
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "已加入签约发送列表" })).ToBeVisibleAsync();
        await page.GetByTestId("go-to-send").ClickAsync();
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer/send");
        await page.Locator("[data-testid='send-list'] tbody tr", new() { HasText = name }).Locator("input[type='checkbox']").ClickAsync();
        await Expect(page.Locator("[data-testid='selected-count']")).ToHaveTextAsync("已选择 1 名学生");
        await page.ClickAsync("[data-testid='send-selected']");
        await page.PickOptionAsync("job-category", "计算机与网络");
        await page.PickOptionAsync("position-choice", "数据分析师");
        await page.FillFieldAsync("probation-days", "90");
        await page.FillFieldAsync("probation-salary", "6000");
        await page.FillFieldAsync("regular-salary", "7000");
        await page.FillFieldAsync("penalty", "0");
        await page.PickOptionAsync("report-province", "湖北省");
        await page.PickOptionAsync("report-city", "武汉市");
        await page.FillFieldAsync("report-detail", "洪山区光谷大道1号");
        await page.FillFieldAsync("report-deadline", ChinaTime.Today(TimeProvider.System).AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.PickOptionAsync("work-province", "湖北省");
        await page.PickOptionAsync("work-city", "武汉市");
        await page.FillFieldAsync("work-detail", "洪山区");
        await page.ClickAsync("[data-testid='letter-submit']");
        await Expect(page.Locator("[data-testid='invitation-letter']")).ToContainTextAsync($"{name}同学");
        await Expect(page.Locator("[data-testid='invitation-letter']")).ToContainTextAsync(account.UnitName);
        await page.ShotAsync("alliance-journey-03-letter-preview");
        await page.ClickAsync("[data-testid='confirm-send']");
        await Expect(page.Locator("[data-testid='send-result-summary']")).ToContainTextAsync("已向 1 名学生发送签约邀请");
        await page.ShotAsync("alliance-journey-04-sent");

        var signing = await WithDbAsync(db => db.Signings.AsNoTracking().SingleAsync(s => s.EmployerId == employerId && s.StudentId == studentId));
        Assert.Equal(SigningStatus.Invited, signing.Status);
        Assert.Equal("数据分析师", signing.Offer.Position);

        // ---- 修改密码 of an account with no password is 设置密码; afterwards the unit can also sign in with email + password.
        await page.GotoAsync(baseAddress + "/Account/Manage/ChangePassword");
        await page.WaitForUrlExplainedAsync(baseAddress + "/Account/Manage/SetPassword");
        // A static page inside the signed-in layout: the theme's stylesheet is there, so the menu sits beside the form.
        await Expect(page.Locator("link[rel='stylesheet'][href^='theme.css']")).ToHaveCountAsync(1);
        var menu = await page.Locator(".mud-drawer").BoundingBoxAsync();
        var form = await page.Locator("[data-testid='set-password']").BoundingBoxAsync();
        Assert.True(menu!.X + menu.Width <= form!.X, $"the menu ({menu.X}+{menu.Width}) lies beside the form ({form.X})");
        await page.FillAsync("#Input\\.NewPassword", "Xinhang2026abc");
        await page.FillAsync("#Input\\.ConfirmPassword", "Xinhang2026abc");
        await page.ShotAsync("alliance-journey-05-set-password");
        await page.ClickAsync("#set-password-submit");
        await page.WaitForUrlExplainedAsync(baseAddress + "/Account/Manage/ChangePassword");
        await Expect(page.Locator("[data-testid='status-message']")).ToContainTextAsync("密码已设置");
        await page.ShotAsync("alliance-journey-06-password-set");
        await page.Locator("form[action='Account/Logout'] button").ClickAsync();
        await page.WaitForUrlExplainedAsync(baseAddress + "/Account/Login");
        await page.SignInAsync(baseAddress, account.Email, "Xinhang2026abc");
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");
        await page.WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid='employer-info']")).ToContainTextAsync(account.UnitName);
    }
}
