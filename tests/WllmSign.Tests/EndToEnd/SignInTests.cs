using Microsoft.Playwright;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>Each demo role signs in through the real login form, lands in its own area with its menu, and is refused the others.</summary>
public sealed class SignInTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, kestrel: true);
    private string baseAddress = "";
    private const string Password = "Wllm2026!demo";

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

    public static TheoryData<string, string, string, string, string, string> Roles => new()
    {
        // email, home, role attribute of the menu, a menu entry, top-bar centre, another role's area
        { DemoData.EmployerEmail, "/employer", "Employer", "签约搜索", "单位用户中心", "/school" },
        { DemoData.StudentEmail, "/student", "Student", "我的协议", "学生用户中心", "/employer" },
        { DemoData.SchoolAdminEmail("10500"), "/school", "SchoolAdmin", "签约鉴证", "学校用户中心", "/admin" },
        { DemoData.AllianceEmail, "/admin", "AllianceAdmin", "学校管理", "联盟管理中心", "/student" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_lands_in_its_own_area_and_is_refused_another(string email, string home, string role, string menuEntry, string centre, string otherArea)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        await page.SignInAsync(baseAddress, email, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + home);
        await page.WaitInteractiveAsync();

        var menu = page.Locator("[data-testid='nav-menu']");
        Assert.Equal(role, await menu.GetAttributeAsync("data-role"));
        await Assertions.Expect(menu.GetByText(menuEntry, new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".wllm-brand")).ToContainTextAsync("湖北高校就业网络联盟 签约上报系统 | " + centre);
        await Assertions.Expect(page.Locator("[data-testid='breadcrumb']")).ToContainTextAsync("我的位置：首页 / " + centre[..2] + "中心");
        await page.ShotAsync($"signin-{role.ToLowerInvariant()}-home");

        // Typing another role's address: one redirect to the Chinese access-denied page, not to login (no loop).
        var response = await page.GotoAsync(baseAddress + otherArea);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.StartsWith(baseAddress + "/Account/AccessDenied", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid='access-denied']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权访问此页面");
        await page.ShotAsync($"signin-{role.ToLowerInvariant()}-denied");
    }

    [Fact]
    public async Task Employer_home_shows_the_unit_and_the_previous_login()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.EmployerEmail, Password);
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");
        await page.WaitInteractiveAsync();

        var info = page.Locator("[data-testid='employer-info']");
        await Assertions.Expect(info).ToContainTextAsync(DemoData.EmployerName);
        await Assertions.Expect(info).ToContainTextAsync(DemoData.EmployerCreditCode);
        // The first sign-in shows itself; its address is the loopback client.
        await Assertions.Expect(page.Locator("[data-testid='last-login-ip']")).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(page.Locator("[data-testid='last-login-time']")).Not.ToContainTextAsync("-");
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_login_and_a_wrong_password_is_answered_in_Chinese()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseAddress + "/employer");
        await page.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));

        await page.FillAsync("#Input\\.Email", DemoData.EmployerEmail);
        await page.FillAsync("#Input\\.Password", "wrong-password-1");
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("[data-testid='status-message']")).ToContainTextAsync("邮箱或密码不正确");
        await page.ShotAsync("login-wrong-password");
    }
}
