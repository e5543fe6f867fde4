using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Invitations;
using WllmSign.Portal.Features.Live;
using WllmSign.Tests.Features.Live;
using WllmSign.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// Two portal servers on two ports, one SQLite database, one private redis-server: a change committed on one server
/// changes a badge open in a browser on the other, in both directions.
/// </summary>
public sealed class LifecycleRedisTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Wllm2026!demo";

    private RedisServer redis = default!;
    private PortalFactory first = default!;
    private PortalFactory second = default!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        // The first server seeds the demo data; the second shares its database file and seeds nothing.
        first = new PortalFactory(seedDemo: true, kestrel: true, settings: new Dictionary<string, string?> { ["Live:Redis"] = redis.ConnectionString });
        _ = first.BaseAddress;
        second = new PortalFactory(seedDemo: false, kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Live:Redis"] = redis.ConnectionString,
            ["Database:SqlitePath"] = first.DbPath,
            // Servers on one database share one key ring, so they need the same key-encryption certificate
            // (decision 019); with a certificate of its own the second could not read the first's keys.
            ["DataProtection:CertificatePath"] = Path.Combine(first.Folder, "dataprotection-cert.pfx"),
            // In the PostgreSQL test pass the servers share the first one's database instead.
            ["Database:Postgres"] = first.PostgresConnectionString,
        });
        _ = second.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await second.DisposeAsync();
        await first.DisposeAsync();
        await redis.DisposeAsync();
    }

    private async Task<IPage> SignInAsync(PortalFactory server, string email, string home)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(server.BaseAddress, email, Password);
        await page.WaitForUrlExplainedAsync(server.BaseAddress + home);
        await page.WaitInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task A_change_on_one_server_changes_a_badge_open_on_the_other_through_Redis()
    {
        var notifierA = first.Services.GetRequiredService<LiveNotifier>();
        var notifierB = second.Services.GetRequiredService<LiveNotifier>();
        Assert.True(notifierA.UsesRedis && notifierB.UsesRedis);
        Assert.NotEqual(notifierA.ProcessId, notifierB.ProcessId);
        Assert.NotEqual(first.BaseAddress, second.BaseAddress);

        int employerId, studentId;
        await using (var db = first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            employerId = await db.Employers.Where(e => e.CreditCode == DemoData.EmployerCreditCode).Select(e => e.Id).SingleAsync();
            studentId = (await db.Users.SingleAsync(u => u.Email == DemoData.StudentEmail)).StudentId!.Value;
        }

        // The student browses the second server, the employer the first.
        var student = await SignInAsync(second, DemoData.StudentEmail, "/student");
        var employer = await SignInAsync(first, DemoData.EmployerEmail, "/employer");
        await Expect(student.Locator("[data-testid='count-student-invitations']")).ToHaveCountAsync(0);

        // The employer's invitation is committed by the first server (its own services) ...
        var me = new CurrentUser("demo", DemoData.EmployerName, Roles.Employer, employerId, null, null);
        await first.Services.GetRequiredService<EmployerSearchService>().AddToSendListAsync(me, studentId);
        await first.Services.GetRequiredService<EmployerSendService>().SendAsync(me, [studentId], new LetterForm
        {
            JobCategory = "计算机与网络", Position = "Java开发工程师", FeedbackDays = 7, ProbationDays = 90, ProbationSalary = 6000,
            RegularSalary = 7000, Penalty = 0, ReportProvince = "湖北省", ReportCity = "武汉市", ReportDeadline = DateTime.Today.AddDays(90),
            WorkProvince = "湖北省", WorkCity = "武汉市", WorkDetail = "洪山区街道口", ContactName = "董先生", ContactPhone = "15821082340",
            ArchiveReceiving = "单位不接收", HukouReceivingType = "不接收",
        });
        await Expect(employer.Locator("[data-testid='signing-todo-count']")).ToHaveTextAsync("1");

        // ... and the badge open on the second server rises without reload.
        await Expect(student.Locator("[data-testid='count-student-invitations']")).ToHaveTextAsync("1");
        await Expect(student.Locator("[data-testid='pending-invitation']")).ToContainTextAsync(DemoData.EmployerName);
        await student.ShotAsync("lifecycle-redis-01-student-on-server-b");

        // The other way: the student accepts on the second server; the employer's 签约待办 on the first falls.
        await student.Locator("[data-testid='pending-invitation']").GetByRole(AriaRole.Link, new() { Name = "查看并答复" }).ClickAsync();
        await student.ClickAsync("[data-testid='accept']");
        await student.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "确认同意" }).ClickAsync();
        await Expect(student.Locator("[data-testid='status-words']")).ToHaveTextAsync("双方已签约");
        await Expect(employer.Locator("[data-testid='signing-todo-count']")).ToHaveTextAsync("0");
        await Expect(employer.Locator("[data-testid='count-employer-signing']")).ToHaveCountAsync(0);
        await employer.ShotAsync("lifecycle-redis-02-employer-on-server-a");
        await student.Context.CloseAsync();
        await employer.Context.CloseAsync();
    }
}
