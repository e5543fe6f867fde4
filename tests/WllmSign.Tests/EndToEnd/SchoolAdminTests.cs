using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using Microsoft.Playwright;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Features.SchoolAdmin;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>The demo school admin works the queues in Chromium; the alliance admin manages schools and accounts.</summary>
public sealed class SchoolAdminTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Wllm2026!demo";
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

    private async Task<IPage> SignedInAsync(IBrowserContext context, string email, string home, string password = Password)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, email, password);
        await page.WaitForUrlExplainedAsync(baseAddress + home);
        await page.WaitInteractiveAsync();
        return page;
    }

    private Task<IBrowserContext> NewContextAsync() =>
        browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });

    private async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(baseAddress + path);
        await page.WaitInteractiveAsync();
    }

    [Fact]
    public async Task School_admin_approves_the_demo_employers_accepted_invitation_through_the_queue()
    {
        int demoStudentId;
        await using (var db = world.NewDb())
        {
            demoStudentId = await db.Users.Where(u => u.Email == DemoData.StudentEmail).Select(u => u.StudentId!.Value).SingleAsync();
        }
        var signingId = await world.Given.Invites(demoStudentId, world.NewOffer("Java开发工程师")).Accepted();
        await world.Given.Invites(world.Students.First(id => id != demoStudentId)); // open invitation: not in the queue

        await using var context = await NewContextAsync();
        var page = await SignedInAsync(context, DemoData.SchoolAdminEmail("10500"), "/school");
        await Assertions.Expect(page.Locator("[data-testid='pending-signings']")).ToHaveTextAsync("1");
        await page.ShotAsync("school-admin-home");

        await page.GetByText("去鉴证 →").First.ClickAsync();
        await page.WaitForUrlExplainedAsync(baseAddress + "/school/verify/signings");
        await page.WaitInteractiveAsync();
        var rows = page.Locator("[data-testid='queue-table'] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Java开发工程师");
        await Assertions.Expect(rows.First).ToContainTextAsync(DemoData.EmployerName);
        await page.ShotAsync("school-admin-verify-queue");

        await rows.First.Locator("[data-testid='row-detail']").ClickAsync();
        var detail = page.Locator("[data-testid='verification-detail']");
        await Assertions.Expect(detail.Locator("[data-testid='offer-terms']")).ToContainTextAsync("上海市黄浦区人力资源中心");
        await Assertions.Expect(detail.Locator("[data-testid='process-trail']")).ToContainTextAsync(TrailActions.Accept);
        await page.ShotAsync("school-admin-verify-detail");

        await page.Locator("[data-testid='detail-approve']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='batch-result']")).ToContainTextAsync("1 条鉴证通过");
        await Assertions.Expect(page.Locator("[data-testid='queue-empty']")).ToBeVisibleAsync();
        await page.ShotAsync("school-admin-verify-approved");

        // The database: the agreement is Effective with its number and code; the employer was notified.
        var signing = await world.LoadAsync(signingId);
        Assert.Equal(SigningStatus.Effective, signing.Status);
        Assert.Equal("签约鉴证通过", SigningStatusText.VerificationText(signing, world.Clock.GetUtcNow()));
        Assert.Matches("^105002027[0-9]{6}$", signing.AgreementNumber);
        await using (var db = world.NewDb())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientId == world.EmployerId && n.Title == "签约鉴证通过"));
        }

        // The school's data centre shows it, and its detail says 签约鉴证通过 with the agreement number.
        await GoAsync(page, "/school/data");
        var dataRow = page.Locator("[data-testid='data-table'] tbody tr", new() { HasText = "Java开发工程师" });
        await Assertions.Expect(dataRow.Locator("[data-testid='row-verification']")).ToHaveTextAsync("签约鉴证通过");
        await page.ShotAsync("school-admin-data");
        await dataRow.Locator("[data-testid='row-detail']").ClickAsync();
        await page.WaitForUrlExplainedAsync(baseAddress + $"/school/data/{signingId}");
        await Assertions.Expect(page.Locator("[data-testid='employment-info']")).ToContainTextAsync("签约鉴证通过");
        await Assertions.Expect(page.Locator("[data-testid='employment-info']")).ToContainTextAsync(signing.AgreementNumber!);
        await page.ShotAsync("school-admin-data-detail");

        // Another school's signing is a 404 for this admin.
        var foreign = await world.Given.Invites(world.OtherSchoolStudents[0]).Accepted();
        await GoAsync(page, $"/school/data/{foreign}");
        await Assertions.Expect(page.Locator("[data-testid='not-found']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task School_admin_pages_roster_residencies_statistics_and_terminations_render()
    {
        await world.Given.Invites(world.Students[0]).Reaching(SigningState.Effective);
        await world.Given.Invites(world.Students[1]).Reaching(SigningState.TerminationAwaitingVerification);
        await world.Given.Invites(world.Students[2]).Accepted();
        await using (var db = world.NewDb())
        {
            const string first17 = "91420100MA4KXXXX0";
            var code = first17 + CreditCode.ComputeCheck(first17);
            var employer = new Employer("武汉光谷测试科技有限公司", code, "李经理", "13912345678", "hr@example.com", world.Clock.GetUtcNow());
            employer.UpdateProfile("制造业", "150-500人", "武汉市东湖高新区", "430074");
            db.Employers.Add(employer);
            await db.SaveChangesAsync();
            db.Residencies.Add(new Residency(employer.Id, world.SchoolId, world.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        await using var context = await NewContextAsync();
        var page = await SignedInAsync(context, DemoData.SchoolAdminEmail("10500"), "/school");

        await GoAsync(page, "/school/verify/terminations");
        await Assertions.Expect(page.Locator("[data-testid='queue-table'] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid='queue-table']")).ToContainTextAsync(Given.TerminationReason);
        await page.ShotAsync("school-admin-verify-terminations");

        await GoAsync(page, "/school/roster");
        await Assertions.Expect(page.Locator("[data-testid='roster-table']")).ToContainTextAsync("已签约");
        await Assertions.Expect(page.Locator("[data-testid='roster-table']")).ToContainTextAsync("********");
        await page.ShotAsync("school-admin-roster");
        await page.Locator("[data-testid='roster-add']").ClickAsync();
        await page.Locator("input[data-testid='student-name']").FillAsync("测试同学");
        await page.Locator("input[data-testid='student-id']").FillAsync("420102200501011234");
        await page.Locator("[data-testid='student-save']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='student-error']")).ToContainTextAsync("身份证号");
        await page.ShotAsync("school-admin-roster-bad-id");
        await page.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();

        // Enter in a filter box runs 查询 (issue #19): only the named student's row is left, without the button.
        string name;
        await using (var db = world.NewDb())
        {
            name = await db.Students.Where(s => s.Id == world.Students[2]).Select(s => s.Name).SingleAsync();
        }
        var named = await CountNamedAsync(name);
        Assert.InRange(named, 1, 19); // fewer than the 20 rows the unfiltered first page shows
        var rosterRows = page.Locator("[data-testid='roster-table'] tbody tr");
        await Assertions.Expect(rosterRows).ToHaveCountAsync(20);
        var nameBox = MudFields.Input(page, "roster-name");
        await nameBox.FillAsync(name);
        await nameBox.PressAsync("Enter");
        await Assertions.Expect(rosterRows).ToHaveCountAsync(named);
        foreach (var row in await rosterRows.AllAsync()) await Assertions.Expect(row).ToContainTextAsync(name);

        await GoAsync(page, "/school/residencies");
        var pending = page.Locator("[data-testid='pending-residencies'] tbody tr");
        await Assertions.Expect(pending).ToHaveCountAsync(1);
        await Assertions.Expect(pending.First).ToContainTextAsync("武汉光谷测试科技有限公司");
        await page.ShotAsync("school-admin-residencies");
        await pending.First.Locator("[data-testid='residency-approve']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
        await Assertions.Expect(page.GetByText("暂无待审核的入驻申请")).ToBeVisibleAsync();

        await GoAsync(page, "/school/statistics");
        await Assertions.Expect(page.Locator("[data-testid='stats-by-faculty'] [data-testid='total-row']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='stats-chart'] svg").First).ToBeVisibleAsync();
        await page.ShotAsync("school-admin-statistics");
    }

    private async Task<int> CountNamedAsync(string name)
    {
        await using var db = world.NewDb();
        return await db.Students.CountAsync(s => s.SchoolId == world.SchoolId && s.Name.Contains(name));
    }

    [Fact]
    public async Task Alliance_admin_creates_a_school_admin_account_that_can_sign_in()
    {
        await using var context = await NewContextAsync();
        var page = await SignedInAsync(context, DemoData.AllianceEmail, "/admin");

        await GoAsync(page, "/admin/schools");
        await Assertions.Expect(page.Locator("[data-testid='alliance-schools']")).ToContainTextAsync("湖北工业大学");
        await page.ShotAsync("alliance-schools");

        await GoAsync(page, "/admin/school-admins");
        await page.Locator("[data-testid='admin-add']").ClickAsync();
        await page.Locator("[data-testid='admin-school']").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "湖北大学（10512）" }).ClickAsync();
        await page.Locator("input[data-testid='admin-email']").FillAsync("hubu@wllm.test");
        await page.GetByLabel("显示名称").FillAsync("湖北大学就业处");
        await page.Locator("input[data-testid='admin-password']").FillAsync("Hubu2026pass");
        await page.ShotAsync("alliance-new-admin");
        await page.Locator("[data-testid='admin-save']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='alliance-admins']")).ToContainTextAsync("hubu@wllm.test");
        await page.ShotAsync("alliance-school-admins");

        using (var scope = world.Portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var account = await users.FindByEmailAsync("hubu@wllm.test");
            Assert.NotNull(account);
            Assert.Equal("湖北大学就业处", account.DisplayName);
            Assert.True(await users.CheckPasswordAsync(account, "Hubu2026pass"));
        }

        await using var other = await NewContextAsync();
        var hubu = await SignedInAsync(other, "hubu@wllm.test", "/school", "Hubu2026pass");
        await Assertions.Expect(hubu.Locator("[data-testid='school-name']")).ToContainTextAsync("湖北大学");
    }
}
