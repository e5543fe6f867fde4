using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// The whole lifecycle through the real screens with three users signed in at once — the demo employer, the demo
/// student and the school admin of 10500 — each live change checked in the other browsers as it happens, without reload.
/// </summary>
public sealed class LifecycleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Wllm2026!demo";
    private const string SchoolAdminEmail = "school10500@wllm.test";

    private readonly PortalFactory portal = new(seedDemo: true, kestrel: true,
        settings: new Dictionary<string, string?> { ["RateLimits:AccountPostsPerMinute"] = "1000" });
    private string baseAddress = "";
    private int shot;

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

    private AppDbContext NewDb() => portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private async Task<(IBrowserContext Context, IPage Page)> SignInAsync(string email, string home)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, email, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + home);
        await page.WaitInteractiveAsync();
        return (context, page);
    }

    private Task ShotAsync(IPage page, string name) => page.ShotAsync($"lifecycle-{++shot:00}-{name}");

    private static ILocator Menu(IPage page, string entry) => page.Locator(".mud-drawer").GetByRole(AriaRole.Link, new() { Name = entry });

    private static ILocator Count(IPage page, string name) => page.Locator($"[data-testid='count-{name}']");

    [Fact]
    public async Task Invite_accept_verify_terminate_and_verify_with_three_users_seeing_each_change_live()
    {
        // The student's four keys and his roster email (the invitation email goes there), read from the database.
        string name, idNumber, schoolName;
        int studentId, year;
        await using (var db = NewDb())
        {
            var studentUser = await db.Users.SingleAsync(u => u.Email == DemoData.StudentEmail);
            var roster = await db.Students.SingleAsync(s => s.Id == studentUser.StudentId);
            roster.SetContact(roster.PoliticalStatus, roster.Phone, DemoData.StudentEmail, roster.Address);
            await db.SaveChangesAsync();
            (studentId, name, idNumber, year) = (roster.Id, roster.Name, roster.IdNumber, roster.GraduationYear);
            schoolName = await db.Schools.Where(s => s.Id == roster.SchoolId).Select(s => s.Name).SingleAsync();
        }

        var (employerContext, employer) = await SignInAsync(DemoData.EmployerEmail, "/employer");
        var (studentContext, student) = await SignInAsync(DemoData.StudentEmail, "/student");
        var (_, school) = await SignInAsync(SchoolAdminEmail, "/school");
        await Expect(Count(student, "student-invitations")).ToHaveCountAsync(0);
        await Expect(school.Locator("[data-testid='pending-signings']")).ToHaveTextAsync("0");

        // ---- the employer: 签约搜索 by the four keys → 签约发送列表 → 邀请函 → 预览 → 确认发送
        await Menu(employer, "签约搜索").ClickAsync();
        await employer.WaitForUrlExplainedAsync(baseAddress + "/employer/search");
        await employer.PickOptionAsync("search-school", schoolName);
        await employer.PickOptionAsync("search-year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await FillAsync(employer, "search-name", name);
        await FillAsync(employer, "search-id", idNumber);
        await employer.ClickAsync("[data-testid='search-submit']");
        await Expect(employer.Locator("[data-testid='found-student']")).ToContainTextAsync(name);
        await employer.ClickAsync("[data-testid='add-to-list']");
        await Expect(employer.Locator(".mud-snackbar", new() { HasText = "已加入签约发送列表" })).ToBeVisibleAsync();
        await ShotAsync(employer, "employer-search-four-keys");

        await Menu(employer, "签约发送").ClickAsync();
        await employer.WaitForUrlExplainedAsync(baseAddress + "/employer/send");
        await employer.Locator("[data-testid='send-list'] tbody tr", new() { HasText = name }).Locator("input[type='checkbox']").ClickAsync();
        await employer.ClickAsync("[data-testid='send-selected']");
        await employer.PickOptionAsync("job-category", "计算机与网络");
        await employer.PickOptionAsync("position-choice", "Java开发工程师");
        await FillAsync(employer, "probation-days", "90");
        await FillAsync(employer, "probation-salary", "6000");
        await FillAsync(employer, "regular-salary", "7000");
        await FillAsync(employer, "penalty", "0");
        await employer.PickOptionAsync("report-province", "湖北省");
        await employer.PickOptionAsync("report-city", "武汉市");
        await FillAsync(employer, "report-detail", "洪山区街道口银泰创意城1708室");
        await FillAsync(employer, "report-deadline", ChinaTime.Today(TimeProvider.System).AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await employer.PickOptionAsync("work-province", "湖北省");
        await employer.PickOptionAsync("work-city", "武汉市");
        await FillAsync(employer, "work-detail", "洪山区街道口");
        await employer.ClickAsync("[data-testid='letter-submit']");
        await Expect(employer.Locator("[data-testid='invitation-letter']")).ToContainTextAsync($"{name}同学");
        await ShotAsync(employer, "employer-preview");
        await employer.ClickAsync("[data-testid='confirm-send']");
        await Expect(employer.Locator("[data-testid='send-result-summary']")).ToContainTextAsync("已向 1 名学生发送签约邀请");
        await Expect(Count(employer, "employer-signing")).ToHaveTextAsync("1");

        // ---- the student's home, open all along: the count, the chip and the card appear without reload
        await Expect(Count(student, "student-invitations")).ToHaveTextAsync("1");
        await Expect(student.Locator("[data-testid='count-invitations']")).ToContainTextAsync("待应约邀请 1");
        await Expect(student.Locator("[data-testid='pending-invitation']")).ToContainTextAsync(DemoData.EmployerName);
        await ShotAsync(student, "student-invitation-arrives-live");

        // The employer watches 待应约 while the student answers.
        await Menu(employer, "数据管理").ClickAsync();
        await employer.WaitForUrlExplainedAsync(baseAddress + "/employer/data");
        await employer.GetByRole(AriaRole.Tab, new() { Name = "待应约" }).ClickAsync();
        await Expect(employer.Locator("[data-testid='row-name']")).ToHaveTextAsync(name);

        // ---- the student accepts (after the confirmation)
        await student.Locator("[data-testid='pending-invitation']").GetByRole(AriaRole.Link, new() { Name = "查看并答复" }).ClickAsync();
        await student.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex(@"/student/invitations/\d+$"));
        await student.ClickAsync("[data-testid='accept']");
        await Expect(student.Locator(".mud-dialog")).ToContainTextAsync("同意后需学校鉴证");
        await ShotAsync(student, "student-accept-confirmation");
        await student.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "确认同意" }).ClickAsync();
        await Expect(student.Locator("[data-testid='status-words']")).ToHaveTextAsync("双方已签约");
        await Expect(Count(student, "student-invitations")).ToHaveCountAsync(0);

        // → the school's count rises (menu and home), the employer's 签约待办 falls and its 待应约 list empties
        await Expect(Count(school, "school-signings")).ToHaveTextAsync("1");
        await Expect(school.Locator("[data-testid='pending-signings']")).ToHaveTextAsync("1");
        await ShotAsync(school, "school-count-rises-live");
        await Expect(Count(employer, "employer-signing")).ToHaveCountAsync(0);
        await Expect(employer.Locator("[data-testid='no-records']")).ToBeVisibleAsync();

        // ---- the school verifies in /school/verify/signings
        await Menu(school, "签约鉴证").ClickAsync();
        await school.WaitForUrlExplainedAsync(baseAddress + "/school/verify/signings");
        var signingRow = school.Locator("[data-testid='queue-table'] tbody tr", new() { HasText = name });
        await signingRow.Locator("[data-testid='row-approve']").ClickAsync();
        await Expect(school.Locator(".mud-dialog")).ToContainTextAsync($"确定对 {name}（"); // the row's confirmation names whom it binds
        await ShotAsync(school, "school-approve-confirmation-names-the-student");
        await school.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
        await Expect(school.Locator("[data-testid='batch-result']")).ToContainTextAsync("1 条鉴证通过");
        await Expect(Count(school, "school-signings")).ToHaveCountAsync(0);
        // The school opens its (still empty) 解约鉴证 queue and keeps it open.
        await Menu(school, "解约鉴证").ClickAsync();
        await school.WaitForUrlExplainedAsync(baseAddress + "/school/verify/terminations");
        // The URL changes before the new page renders, and the emptied 签约鉴证 queue has its own queue-empty: wait for the page.
        await Expect(school.Locator("#page-title")).ToHaveTextAsync("解约鉴证");
        await Expect(school.Locator("[data-testid='queue-empty']")).ToBeVisibleAsync();

        // ---- the employer sees 双方已签约 / 签约鉴证通过 in 已应约 and opens the agreement PDF
        await employer.GetByRole(AriaRole.Tab, new() { Name = "已应约" }).ClickAsync();
        var dataRow = employer.Locator("[data-testid='signing-list'] tbody tr", new() { HasText = name });
        await Expect(dataRow.Locator("[data-testid='row-response']")).ToHaveTextAsync("双方已签约");
        await Expect(dataRow.Locator("[data-testid='row-verification']")).ToHaveTextAsync("签约鉴证通过");
        await ShotAsync(employer, "employer-agreement-effective");
        int signingId;
        string number, code;
        await using (var db = NewDb())
        {
            var s = await db.Signings.SingleAsync(x => x.StudentId == studentId && x.Status == SigningStatus.Effective);
            (signingId, number, code) = (s.Id, s.AgreementNumber!, s.VerificationCode!);
        }
        var pdf = await employerContext.APIRequest.GetAsync(baseAddress + AgreementEndpoints.PdfUrl(signingId));
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("application/pdf", pdf.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]), StringComparison.Ordinal);

        // ---- the student asks to terminate (须知 + reason)
        await Menu(student, "我的协议").ClickAsync();
        await student.WaitForUrlExplainedAsync(baseAddress + "/student/agreement");
        await Expect(student.Locator("[data-testid='employment-info']")).ToContainTextAsync("签约鉴证通过");
        await student.ClickAsync("[data-testid='request-termination']");
        await student.GetByText("我同意并遵守以上规定，严格按照办事流程进行解约操作").ClickAsync();
        await student.ClickAsync("[data-testid='termination-notice-confirm']");
        await student.FillAsync("#reason-input", "考取研究生，无法履约");
        await ShotAsync(student, "student-termination-reason");
        await student.ClickAsync("[data-testid='reason-confirm']");
        await Expect(student.Locator("[data-testid='my-request']")).ToBeVisibleAsync();

        // → the employer's 解约待办 rises, on the data page it has open
        await Expect(Count(employer, "employer-termination")).ToHaveTextAsync("1");
        await ShotAsync(employer, "employer-termination-count-rises-live");

        // ---- the employer agrees: 解约办理 → 学生提出解约待办理列表 → 查看解约申请 → 同意 → 同意解约
        await Menu(employer, "解约办理").ClickAsync();
        await employer.WaitForUrlExplainedAsync(baseAddress + "/employer/terminations");
        await Expect(employer.GetByRole(AriaRole.Tab, new() { Name = "学生提出解约待办理列表" })).ToHaveAttributeAsync("aria-selected", "true");
        await employer.Locator("[data-testid='row-name']", new() { HasText = name }).ClickAsync();
        await employer.ClickAsync("[data-testid='view-request']");
        await Expect(employer.Locator("[data-testid='request-reason']")).ToHaveTextAsync("考取研究生，无法履约");
        await ShotAsync(employer, "employer-termination-request");
        await employer.ClickAsync("[data-testid='request-agree']");
        await employer.Locator(".mud-dialog").GetByText("我同意并遵守以上规定，严格按照办事流程进行解约操作").ClickAsync();
        await employer.Locator("[data-testid='termination-notice-confirm']").ClickAsync();
        await Expect(employer.Locator(".mud-snackbar", new() { HasText = "已同意解约，已提交学校鉴证" })).ToBeVisibleAsync();
        await Expect(Count(employer, "employer-termination")).ToHaveCountAsync(0);

        // → the school's 解约鉴证 count rises and the row appears in the queue it has open; the school verifies
        await Expect(Count(school, "school-terminations")).ToHaveTextAsync("1");
        var terminationRow = school.Locator("[data-testid='queue-table'] tbody tr", new() { HasText = name });
        await Expect(terminationRow).ToContainTextAsync("考取研究生，无法履约");
        await ShotAsync(school, "school-termination-queue");
        await terminationRow.Locator("[data-testid='row-approve']").ClickAsync();
        await school.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
        await Expect(school.Locator("[data-testid='batch-result']")).ToContainTextAsync("1 条鉴证通过");
        await Expect(Count(school, "school-terminations")).ToHaveCountAsync(0);

        // ---- 已解约 everywhere
        await Menu(employer, "数据管理").ClickAsync();
        await employer.WaitForUrlExplainedAsync(baseAddress + "/employer/data");
        await employer.GetByRole(AriaRole.Tab, new() { Name = "已解约" }).ClickAsync();
        var terminated = employer.Locator("[data-testid='signing-list'] tbody tr", new() { HasText = name });
        await Expect(terminated.Locator("[data-testid='row-verification']")).ToHaveTextAsync("解约鉴证通过");
        await ShotAsync(employer, "employer-terminated-tab");
        // The student's open agreement page follows without a reload: 解约鉴证通过, the agreement 已失效.
        await Expect(student.Locator("[data-testid='employment-info']")).ToContainTextAsync("解约鉴证通过");
        await Expect(student.Locator("[data-testid='employment-info']")).ToContainTextAsync("已失效");
        await Expect(student.Locator("[data-testid='request-termination']")).ToHaveCountAsync(0);
        await ShotAsync(student, "student-agreement-terminated");

        // ---- the public check: 已失效
        var visitor = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } })).NewPageAsync();
        await visitor.GotoAsync(AgreementPdf.VerifyUrl(baseAddress, number, code));
        await Expect(visitor.Locator("[data-testid='verify-verdict']")).ToHaveTextAsync("已失效");
        await ShotAsync(visitor, "public-verify-void");
        await visitor.Context.CloseAsync();
        await employerContext.CloseAsync();
        await studentContext.CloseAsync();
    }

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    private static async Task FillAsync(IPage page, string testId, string value)
    {
        var input = Input(page, testId);
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }
}
