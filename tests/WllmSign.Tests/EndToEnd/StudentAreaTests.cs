using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Domain.Students;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>The student area in Chromium at phone size (375×812): claim, sign in, accept, rule 6, decline, termination.</summary>
public sealed partial class StudentAreaTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, kestrel: true);
    private string baseAddress = "";
    private const string Password = "Wllm2026!demo";
    private int schoolId;
    private List<Student> students = [];
    private Given given = default!;

    public async Task InitializeAsync()
    {
        baseAddress = portal.BaseAddress;
        await using var db = NewDb();
        schoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
        var year = WllmSign.Domain.Students.GraduationYear.Current(TimeProvider.System);
        students = await db.Students.AsNoTracking().Where(s => s.SchoolId == schoolId && s.GraduationYear == year).OrderBy(s => s.Id).ToListAsync();
        given = await Given.InAsync(portal, TimeProvider.System, offer: _ => NewOffer("PHP前端工程师"));
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await portal.DisposeAsync();
    }

    private AppDbContext NewDb() => portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private static Offer NewOffer(string position) => Offer.Create(new OfferDraft
    {
        JobCategory = "计算机与网络", Position = position, FeedbackDays = 5, ProbationDays = 60, ProbationSalary = 4000,
        RegularSalary = 5000, Penalty = 1000, ReportPlace = "湖北省 - 武汉市 洪山区", ReportDeadline = ChinaTime.Today(TimeProvider.System).AddMonths(8),
        WorkPlace = "湖北省 - 武汉市 洪山区街道口", ContactName = "董先生", ContactPhone = "15821082340",
        ArchiveReceiving = "单位不接收", HukouReceivingType = "不接收",
    }, ChinaTime.Today(TimeProvider.System));

    private async Task<IPage> PhoneAsync()
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 812 }, Locale = "zh-CN", IsMobile = true, HasTouch = true });
        return await context.NewPageAsync();
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= inner, $"{page.Url}: page is {scroll}px wide in a {inner}px viewport");
    }

    [GeneratedRegex("href=\"([^\"]*ConfirmEmail[^\"]*)\"")]
    private static partial Regex ConfirmLink();

    private string ConfirmationLinkFor(string email)
    {
        foreach (var file in Directory.GetFiles(portal.MailFolder, "*.eml"))
        {
            var message = MimeMessage.Load(file);
            if (message.To.Mailboxes.Any(m => m.Address == email) && ConfirmLink().Match(message.HtmlBody ?? "") is { Success: true } m)
                return WebUtility.HtmlDecode(m.Groups[1].Value);
        }
        throw new InvalidOperationException("no confirmation email for " + email);
    }

    [Fact]
    public async Task Student_claims_an_account_accepts_an_invitation_and_cannot_accept_a_second_on_a_phone()
    {
        var student = students[1];
        var first = await given.Invites(student.Id);
        var second = await given.Employer(await given.AddOtherEmployerAsync()).Invites(student.Id, NewOffer("Java后端工程师"));
        var page = await PhoneAsync();

        // 学生账号认领 from the login page.
        await page.GotoAsync(baseAddress + "/Account/Login");
        await page.ClickAsync("#claim-link");
        await page.SelectOptionAsync("#Input\\.SchoolId", schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#Input\\.GraduationYear", student.GraduationYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#Input\\.Name", student.Name);
        await page.FillAsync("#Input\\.IdNumber", student.IdNumber);
        await page.FillAsync("#Input\\.Email", "grad2027@example.com");
        await page.FillAsync("#Input\\.Password", "Graduate2027");
        await page.FillAsync("#Input\\.ConfirmPassword", "Graduate2027");
        await page.ShotAsync("student-claim-form-phone");
        await AssertNoHorizontalScrollAsync(page);
        await page.ClickAsync("#claim-submit");
        await Assertions.Expect(page.Locator("[data-testid='claim-done']")).ToContainTextAsync("请查收邮件确认");
        await page.ShotAsync("student-claim-done-phone");

        // Confirm through the link of the email, then sign in.
        await page.GotoAsync(ConfirmationLinkFor("grad2027@example.com"));
        await Assertions.Expect(page.Locator("[data-testid='status-message']")).ToContainTextAsync("邮箱已确认");
        await page.SignInAsync(baseAddress, "grad2027@example.com", "Graduate2027");
        await page.WaitForUrlExplainedAsync(baseAddress + "/student");
        await page.WaitInteractiveAsync();

        // Home: both invitations with their live countdown.
        var cards = page.Locator("[data-testid='pending-invitation']");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await Assertions.Expect(cards.First.Locator("[data-testid='countdown']")).ToContainTextAsync(new Regex(@"剩余 \d+天\d+小时\d+分"));
        await Assertions.Expect(page.Locator("[data-testid='count-invitations']")).ToContainTextAsync("2");
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-home-phone");

        // The invitation letter, accepted through the confirmation.
        await page.GotoAsync($"{baseAddress}/student/invitations/{first}");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='invitation-letter']")).ToContainTextAsync("PHP前端工程师");
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-invitation-phone");
        await page.ClickAsync("[data-testid='accept']");
        var box = page.Locator(".mud-dialog");
        await Assertions.Expect(box).ToContainTextAsync("同意后需学校鉴证，鉴证通过后协议生效；你同时只能持有一份有效协议");
        await page.ShotAsync("student-accept-confirm-phone");
        await box.GetByRole(AriaRole.Button, new() { Name = "确认同意" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='status-words']")).ToHaveTextAsync("双方已签约");
        await Assertions.Expect(page.Locator("[data-testid='accepted-note']")).ToBeVisibleAsync();
        await page.ShotAsync("student-accepted-phone");

        // The second invitation cannot be accepted, and says why.
        await page.GotoAsync($"{baseAddress}/student/invitations/{second}");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='accept-blocked']")).ToHaveTextAsync(Signing.OtherActiveAgreementMessage);
        await Assertions.Expect(page.Locator("[data-testid='accept']")).ToBeDisabledAsync();
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-second-invitation-blocked-phone");

        // My agreement: awaiting the school's verification, with its trail.
        await page.GotoAsync(baseAddress + "/student/agreement");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='employment-info']")).ToContainTextAsync("待鉴证");
        await Assertions.Expect(page.Locator("[data-testid='process-trail']")).ToContainTextAsync("学生本人");
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-agreement-awaiting-phone");
        Assert.Equal(SigningStatus.AwaitingVerification, (await LoadAsync(first)).Status);
    }

    [Fact]
    public async Task Student_signs_in_and_accepts_an_invitation_with_the_keyboard_alone_on_a_phone()
    {
        var id = await given.Invites(students[0].Id); // the demo student student@wllm.test
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        // Every step below is a key press: Tab/Shift+Tab to a control (its focus visible at every stop), then Enter or Space.
        await page.GotoAsync(baseAddress + "/Account/Login");
        await page.TabToAsync(page.Locator("#Input\\.Email"));
        await page.Keyboard.TypeAsync(DemoData.StudentEmail);
        await page.TabToAsync(page.Locator("#Input\\.Password"));
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForUrlExplainedAsync(baseAddress + "/student");
        await page.WaitInteractiveAsync();

        var open = page.Locator("[data-testid='pending-invitation'] a", new() { HasText = "查看并答复" });
        await page.TabToAsync(open);
        await page.ShotAsync("student-keyboard-home-phone");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForUrlExplainedAsync($"{baseAddress}/student/invitations/{id}");
        await Assertions.Expect(page.Locator("[data-testid='invitation-letter']")).ToContainTextAsync("PHP前端工程师");

        await page.TabToAsync(page.Locator("[data-testid='accept']"));
        await page.ShotAsync("student-keyboard-accept-phone");
        await page.Keyboard.PressAsync("Enter");
        var box = page.Locator(".mud-dialog");
        await Assertions.Expect(box).ToContainTextAsync("同意后需学校鉴证，鉴证通过后协议生效");
        // The dialog holds the focus: from 确认同意, Shift+Tab reaches 取消 and Tab comes back, never the page behind.
        var confirm = box.GetByRole(AriaRole.Button, new() { Name = "确认同意" });
        await page.TabToAsync(confirm, maxStops: 5);
        await page.TabToAsync(box.GetByRole(AriaRole.Button, new() { Name = "取消" }), backwards: true, maxStops: 5);
        await page.TabToAsync(confirm, maxStops: 5);
        await page.ShotAsync("student-keyboard-confirm-phone");
        await page.Keyboard.PressAsync("Space");

        await Assertions.Expect(page.Locator("[data-testid='status-words']")).ToHaveTextAsync("双方已签约");
        await Assertions.Expect(page.Locator("[data-testid='accepted-note']")).ToBeVisibleAsync();
        Assert.Equal(SigningStatus.AwaitingVerification, (await LoadAsync(id)).Status);
    }

    private async Task<Signing> LoadAsync(int id)
    {
        await using var db = NewDb();
        return (await SigningStore.LoadAsync(db, id))!;
    }

    [Fact]
    public async Task Another_student_declines_with_a_reason_on_a_phone()
    {
        var id = await given.Invites(students[0].Id); // the demo student student@wllm.test
        var page = await PhoneAsync();
        await page.SignInAsync(baseAddress, DemoData.StudentEmail, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + "/student");
        await page.GotoAsync($"{baseAddress}/student/invitations/{id}");
        await page.WaitInteractiveAsync();

        await page.ClickAsync("[data-testid='decline']");
        await page.FillAsync("#reason-input", "已决定继续攻读研究生");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("10 / 200");
        await page.ShotAsync("student-decline-dialog-phone");
        await page.ClickAsync("[data-testid='reason-confirm']");

        await Assertions.Expect(page.Locator("[data-testid='status-words']")).ToHaveTextAsync("学生已拒绝");
        Assert.Equal(SigningStatus.Declined, (await LoadAsync(id)).Status);

        await page.GotoAsync(baseAddress + "/student/invitations");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='invitation-row']")).ToContainTextAsync("学生已拒绝");
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-invitations-phone");

        await page.GotoAsync(baseAddress + "/student/profile");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "身份证号" })).ToHaveValueAsync(students[0].IdNumber);
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "性别" })).ToHaveValueAsync(IdNumber.Parse(students[0].IdNumber).Gender);
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-profile-phone");
    }

    [Fact]
    public async Task Student_requests_termination_once_through_the_notice_on_a_phone()
    {
        var id = await given.Invites(students[0].Id).Accepted().Verified();
        var page = await PhoneAsync();
        await page.SignInAsync(baseAddress, DemoData.StudentEmail, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + "/student");
        await page.GotoAsync(baseAddress + "/student/agreement");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='employment-info']")).ToContainTextAsync("签约鉴证通过");
        await AssertNoHorizontalScrollAsync(page);
        await page.ShotAsync("student-agreement-effective-phone");

        await page.ClickAsync("[data-testid='request-termination']");
        var notice = page.Locator(".mud-dialog");
        await Assertions.Expect(notice).ToContainTextAsync("解约机会仅有一次，请谨慎操作");
        await Assertions.Expect(page.Locator("[data-testid='termination-notice-confirm']")).ToBeDisabledAsync();
        await page.GetByText("我同意并遵守以上规定，严格按照办事流程进行解约操作").ClickAsync();
        await page.ShotAsync("student-termination-notice-phone");
        await page.ClickAsync("[data-testid='termination-notice-confirm']");
        await page.FillAsync("#reason-input", "个人原因");
        await page.ClickAsync("[data-testid='reason-confirm']");

        await Assertions.Expect(page.Locator("[data-testid='my-request']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='request-termination']")).ToHaveCountAsync(0);
        await page.ShotAsync("student-termination-requested-phone");
        Assert.Equal(SigningStatus.TerminationRequested, (await LoadAsync(id)).Status);
    }
}
