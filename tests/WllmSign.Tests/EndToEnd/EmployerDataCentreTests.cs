using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// The demo employer in Chromium: filters 数据管理, opens a detail page with its process trail, and asks to end an
/// Effective agreement through the 解约须知 and reason dialogs; the agreement then waits under 待解约.
/// </summary>
public sealed class EmployerDataCentreTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Wllm2026!demo";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, China));
    private PortalFactory portal = default!;
    private Given given = default!;
    private string baseAddress = "";
    private int effective, requestedByStudent, theirs;
    private (string Name, string IdNumber) studentA;

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(seedDemo: true, kestrel: true, clock: clock);
        baseAddress = portal.BaseAddress;
        given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
        var a = given.NextStudent();
        effective = await given.Invites(a).At(new DateTimeOffset(2026, 11, 20, 9, 30, 0, China)).Reaching(SigningState.Effective);
        await given.Invites().At(new DateTimeOffset(2026, 11, 25, 14, 0, 0, China)).Reaching(SigningState.Invited);
        requestedByStudent = await given.Invites().At(new DateTimeOffset(2026, 11, 18, 11, 0, 0, China)).Reaching(SigningState.TerminationRequestedByStudent);
        await given.Invites().At(new DateTimeOffset(2026, 11, 26, 16, 0, 0, China)).Reaching(SigningState.Declined);
        theirs = await given.Employer(await given.AddOtherEmployerAsync()).Invites().Reaching(SigningState.Effective);
        await using var db = given.NewDb();
        var s = await db.Students.SingleAsync(x => x.Id == a);
        studentA = (s.Name, s.IdNumber);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task Employer_filters_the_data_centre_opens_a_detail_and_asks_to_end_an_agreement()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.EmployerEmail, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");

        // 数据管理: every invitation of this employer (not the other employer's), newest first.
        await page.GotoAsync(baseAddress + "/employer/data");
        await page.WaitInteractiveAsync();
        var total = page.Locator("[data-testid='total-count']");
        await Assertions.Expect(total).ToHaveTextAsync("当前共4条记录");
        await Assertions.Expect(page.Locator("[data-testid='breadcrumb']")).ToContainTextAsync("我的位置：首页 / 单位中心 / 签约管理");
        await Assertions.Expect(page.Locator("[data-testid='row-response']").First).ToHaveTextAsync("学生已拒绝");
        await WaitTabSliderAsync(page);
        await page.ShotAsync("datacentre-all");

        // Filter by name and the full ID number: one row, the number masked.
        await page.Locator("input[data-testid='filter-name'], [data-testid='filter-name'] input").FillAsync(studentA.Name);
        await page.Locator("input[data-testid='filter-id'], [data-testid='filter-id'] input").FillAsync(studentA.IdNumber);
        await page.ClickAsync("[data-testid='filter-search']");
        await Assertions.Expect(total).ToHaveTextAsync("当前共1条记录");
        var idCell = page.Locator("[data-testid='row-id']");
        await Assertions.Expect(idCell).ToHaveTextAsync(studentA.IdNumber[..6] + "********" + studentA.IdNumber[^4..]);
        await page.Locator("[data-testid='row-name']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='view-detail']")).ToBeEnabledAsync();
        await page.ShotAsync("datacentre-filtered");

        // 查看详情: 就业信息, 甲方/乙方 with the full ID number, 流程追踪 newest first.
        await page.ClickAsync("[data-testid='view-detail']");
        await Assertions.Expect(page).ToHaveURLAsync(baseAddress + $"/employer/data/{effective}");
        await Assertions.Expect(page.Locator("[data-testid='breadcrumb']")).ToContainTextAsync("签约管理 / 查看详情");
        await Assertions.Expect(page.Locator("[data-testid='employment-info']")).ToContainTextAsync("协议就业（网上签约）");
        // The ID number is masked until 显示完整, which is an audit entry (查看完整身份证号).
        var idOnDetail = page.Locator("[data-testid='student-id-number']");
        await Assertions.Expect(idOnDetail).ToHaveTextAsync(studentA.IdNumber[..6] + "********" + studentA.IdNumber[^4..]);
        await page.ClickAsync("[data-testid='reveal-id']");
        await Assertions.Expect(idOnDetail).ToHaveTextAsync(studentA.IdNumber);
        await using (var audit = given.NewDb())
            Assert.Equal(1, await audit.AuditLog.CountAsync(e => e.SigningId == effective && e.Action == WllmSign.Domain.Audit.AuditActions.FullIdViewed));
        var trail = page.Locator("[data-testid='process-trail'] tbody tr");
        await Assertions.Expect(trail).ToHaveCountAsync(3);
        await Assertions.Expect(trail.First).ToContainTextAsync(TrailActions.ApproveVerification);
        await Assertions.Expect(trail.Last).ToContainTextAsync(TrailActions.Invite);
        await page.ShotAsync("datacentre-detail");

        // Another employer's signing: the 404 page, no data.
        var response = await page.GotoAsync(baseAddress + $"/employer/data/{theirs}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("[data-testid='not-found']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='signing-detail']")).ToHaveCountAsync(0);
        await page.ShotAsync("datacentre-not-found");

        // 解约办理: the student's request can be read and left pending (暂不处理).
        await page.GotoAsync(baseAddress + "/employer/terminations");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(total).ToHaveTextAsync("当前共1条记录");
        await page.Locator("[data-testid='row-name']").ClickAsync();
        await page.ClickAsync("[data-testid='view-request']");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync(Given.TerminationReason);
        await page.ShotAsync("terminations-student-request");
        await dialog.Locator("[data-testid='request-defer']").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(SigningStatus.TerminationRequested, (await given.LoadAsync(requestedByStudent)).Status);

        // 已签约成功学生列表 → 申请解约 → 解约须知 (box required) → 单位解除协议申请 → sent.
        await page.GetByRole(AriaRole.Tab, new() { Name = "已签约成功学生列表" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='row-name']")).ToHaveTextAsync(studentA.Name);
        await page.Locator("[data-testid='row-name']").ClickAsync();
        await page.ClickAsync("[data-testid='request-termination']");
        await Assertions.Expect(dialog).ToContainTextAsync("3. 解约机会仅有一次，请谨慎操作；");
        var confirm = dialog.Locator("[data-testid='termination-notice-confirm']");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await dialog.GetByText("我同意并遵守以上规定，严格按照办事流程进行解约操作").ClickAsync();
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        await WaitTabSliderAsync(page);
        await WaitOpaqueAsync(page, "termination-notice-confirm");
        await page.ShotAsync("terminations-notice");
        await confirm.ClickAsync();

        await Assertions.Expect(dialog).ToContainTextAsync("单位解除协议申请");
        await dialog.Locator("textarea[data-testid='reason-input'], [data-testid='reason-input'] textarea").FillAsync("公司业务调整，该岗位取消𠮷");
        await Assertions.Expect(dialog.Locator("[data-testid='reason-count']")).ToHaveTextAsync("已输入 13 / 200 字");
        await Assertions.Expect(dialog.Locator("[data-testid='reason-confirm']")).ToBeEnabledAsync();
        await WaitOpaqueAsync(page, "reason-confirm");
        await page.ShotAsync("terminations-reason");
        await dialog.Locator("[data-testid='reason-confirm']").ClickAsync();
        await Assertions.Expect(page.GetByText("解约申请已发出，等待学生处理")).ToBeVisibleAsync();
        await Assertions.Expect(total).ToHaveTextAsync("当前共0条记录");

        var saved = await given.LoadAsync(effective);
        Assert.Equal(SigningStatus.TerminationRequested, saved.Status);
        Assert.Equal(TerminationParty.Employer, saved.TerminationRequestedBy);
        Assert.Equal("公司业务调整，该岗位取消𠮷", saved.TerminationReason);

        // 数据管理 → 待解约: the employer's request and the student's.
        await page.GotoAsync(baseAddress + "/employer/data");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "待解约" }).ClickAsync();
        await Assertions.Expect(total).ToHaveTextAsync("当前共2条记录");
        await Assertions.Expect(page.Locator("[data-testid='row-name']").Filter(new() { HasText = studentA.Name })).ToHaveCountAsync(1);
        await WaitTabSliderAsync(page);
        await page.ShotAsync("datacentre-termination-pending");
    }

    /// <summary>Waits until the tab underline has finished sliding under the active tab (for a truthful screenshot).</summary>
    private static Task WaitTabSliderAsync(IPage page) => page.WaitForFunctionAsync("""
        () => {
            const slider = document.querySelector('.mud-tab-slider');
            const active = document.querySelector('.mud-tab.mud-tab-active');
            if (!slider || !active) return false;
            return Math.abs(slider.getBoundingClientRect().left - active.getBoundingClientRect().left) < 1;
        }
        """);

    /// <summary>An enabled button's colour fades in (CSS transition): waits until it is opaque, for a truthful screenshot.</summary>
    private static Task WaitOpaqueAsync(IPage page, string testId) => page.WaitForFunctionAsync(
        "id => getComputedStyle(document.querySelector(`[data-testid='${id}']`)).backgroundColor.startsWith('rgb(')", testId);
}
