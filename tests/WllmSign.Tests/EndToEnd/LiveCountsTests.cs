using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>A count open in the employer's browser changes, without reload, when another user's action changes it.</summary>
public sealed class LiveCountsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
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
    public async Task Employer_signing_count_and_inbox_rise_without_reload_when_a_student_accepts()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.EmployerEmail, "Wllm2026!demo");
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='count-employer-signing']")).ToHaveCountAsync(0);

        // Another user's action, through the same services the screens use: an invitation is created, then a notification.
        var clock = portal.Services.GetRequiredService<TimeProvider>();
        await using (var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            var employer = await db.Employers.SingleAsync(e => e.CreditCode == DemoData.EmployerCreditCode);
            var school = await db.Schools.SingleAsync(s => s.Code == "10500");
            var student = await db.Students.FirstAsync(s => s.SchoolId == school.Id);
            var facts = (await SigningStore.InvitationFactsAsync(db, employer.Id, [student.Id], clock.GetUtcNow()))[student.Id];
            var offer = Offer.Create(new OfferDraft
            {
                JobCategory = "计算机与网络", Position = "测试工程师", ProbationDays = 30, ProbationSalary = 4000, RegularSalary = 5000,
                Penalty = 0, ReportPlace = "湖北省 - 武汉市", ReportDeadline = ChinaTime.Today(clock).AddDays(60), WorkPlace = "湖北省 - 武汉市",
                ContactName = "董先生", ContactPhone = "15821082340", ArchiveReceiving = "单位不接收", HukouReceivingType = "不接收",
            }, ChinaTime.Today(clock));
            db.Signings.Add(Signing.Invite(Actor.Employer(employer.Id, employer.Name), student.Id, school.Id, student.GraduationYear, offer, facts, clock.GetUtcNow()));
            Notify.Add(db, RecipientKind.Employer, employer.Id, null, employer.Name, "测试通知", "学生已同意签约", null, clock.GetUtcNow());
            await db.SaveOrConflictAsync();
            portal.Services.GetRequiredService<LiveNotifier>().Publish(LiveChange.For(employerId: employer.Id, studentId: student.Id, schoolId: school.Id));
        }

        await Assertions.Expect(page.Locator("[data-testid='count-employer-signing']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid='inbox-badge']")).ToContainTextAsync("1");
        await page.ShotAsync("live-employer-count");
    }
}
