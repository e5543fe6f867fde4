using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.StudentArea;

/// <summary>The real portal on its own SQLite file with the demo data, a fake clock, and 10500's students of this year.</summary>
public abstract class StudentAreaTestBase : IAsyncLifetime
{
    protected readonly FakeClock Clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    protected readonly PortalFactory Portal;
    protected int EmployerId, SchoolId;
    protected string EmployerName = "";
    protected List<(int Id, int Year)> Students = [];

    /// <summary>The demo employer's signings of this portal, with <see cref="NewOffer"/>'s letter.</summary>
    protected Given Given = default!;

    protected StudentAreaTestBase() => Portal = new PortalFactory(seedDemo: true, clock: Clock, servicesOnly: true);

    public virtual async Task InitializeAsync()
    {
        await using var db = NewDb();
        var demo = await DemoRecords.LoadAsync(db);
        (EmployerId, EmployerName, SchoolId) = (demo.EmployerId, demo.EmployerName, demo.SchoolId);
        var year = WllmSign.Domain.Students.GraduationYear.Current(Clock);
        Students = (await db.Students.Where(s => s.SchoolId == SchoolId && s.GraduationYear == year).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.GraduationYear }).ToListAsync())
            .Select(s => (s.Id, s.GraduationYear)).ToList();
        Given = await Given.InAsync(Portal, Clock, offer: _ => NewOffer());
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();

    protected AppDbContext NewDb() => Portal.NewDb();

    protected T Service<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    protected static CurrentUser StudentUser(int studentId) => new("user-" + studentId, "学生", Roles.Student, null, studentId, null);

    protected Offer NewOffer(int feedbackDays = 5)
    {
        var draft = TestOffers.Draft();
        draft.FeedbackDays = feedbackDays;
        return TestOffers.Create(draft, Clock);
    }

    protected async Task<Signing> LoadAsync(int signingId)
    {
        await using var db = NewDb();
        return (await SigningStore.LoadAsync(db, signingId))!;
    }
}
