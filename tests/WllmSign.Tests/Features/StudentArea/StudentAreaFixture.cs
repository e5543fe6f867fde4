using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.StudentArea;

/// <summary>The real portal on its own SQLite file with the demo data, a fake clock, and helpers to invite 10500's students.</summary>
public abstract class StudentAreaTestBase : IAsyncLifetime
{
    protected readonly FakeClock Clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    protected readonly PortalFactory Portal;
    protected int EmployerId, SchoolId;
    protected string EmployerName = "";
    protected List<(int Id, int Year)> Students = [];

    protected StudentAreaTestBase() => Portal = new PortalFactory(seedDemo: true, clock: Clock);

    public virtual async Task InitializeAsync()
    {
        await using var db = NewDb();
        var employer = await db.Employers.SingleAsync(e => e.CreditCode == DemoData.EmployerCreditCode);
        EmployerId = employer.Id;
        EmployerName = employer.Name;
        SchoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
        var year = DemoData.CurrentGraduationYear(Clock);
        Students = (await db.Students.Where(s => s.SchoolId == SchoolId && s.GraduationYear == year).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.GraduationYear }).ToListAsync())
            .Select(s => (s.Id, s.GraduationYear)).ToList();
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();

    protected AppDbContext NewDb() => Portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    protected T Service<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    protected static CurrentUser StudentUser(int studentId) => new("user-" + studentId, "学生", Roles.Student, null, studentId, null);

    protected Offer NewOffer(int feedbackDays = 5) => Offer.Create(new OfferDraft
    {
        JobCategory = "计算机与网络",
        Position = "PHP前端工程师",
        FeedbackDays = feedbackDays,
        ProbationDays = 60,
        ProbationSalary = 4000,
        RegularSalary = 5000,
        Penalty = 1000,
        ReportPlace = "湖北省 - 武汉市 洪山区",
        ReportDeadline = new DateOnly(2027, 7, 1),
        WorkPlace = "湖北省 - 武汉市 洪山区街道口",
        ContactName = "董先生",
        ContactPhone = "15821082340",
        ArchiveReceiving = "单位不接收",
        HukouReceivingType = "不接收",
    }, ChinaTime.Today(Clock));

    /// <summary>The demo employer invites student number <paramref name="studentIndex"/> of 10500 (as the employer's send screen will).</summary>
    protected async Task<int> InviteAsync(int studentIndex, int feedbackDays = 5)
    {
        await using var db = NewDb();
        var (studentId, year) = Students[studentIndex];
        var facts = (await SigningStore.InvitationFactsAsync(db, EmployerId, [studentId], Clock.GetUtcNow()))[studentId];
        var signing = Signing.Invite(Actor.Employer(EmployerId, EmployerName), studentId, SchoolId, year, NewOffer(feedbackDays), facts, Clock.GetUtcNow());
        db.Signings.Add(signing);
        await db.SaveOrConflictAsync();
        return signing.Id;
    }

    /// <summary>The school verifies an accepted signing: it becomes Effective.</summary>
    protected async Task ApproveAsync(int signingId)
    {
        await using var db = NewDb();
        var s = (await SigningStore.LoadAsync(db, signingId))!;
        s.ApproveVerification(Actor.SchoolAdmin(SchoolId, "管理员"), await SigningStore.NextAgreementNumberAsync(db, SchoolId, s.GraduationYear),
            VerificationCode.Generate(), Clock.GetUtcNow());
        await db.SaveOrConflictAsync();
    }

    protected async Task<Signing> LoadAsync(int signingId)
    {
        await using var db = NewDb();
        return (await SigningStore.LoadAsync(db, signingId))!;
    }
}
