using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Signings;

/// <summary>The signing aggregate on real SQLite: mapping, concurrency token, agreement numbers.</summary>
public sealed class SigningPersistenceTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory portal;
    private int employerId, schoolId, otherSchoolId;
    private string employerName = "";
    private List<(int Id, int Year)> students = [];
    private Given given = default!;

    public SigningPersistenceTests() => portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);

    public async Task InitializeAsync()
    {
        await using var db = NewDb();
        var demo = await DemoRecords.LoadAsync(db);
        (employerId, employerName, schoolId, otherSchoolId) = (demo.EmployerId, demo.EmployerName, demo.SchoolId, demo.OtherSchoolId);
        students = (await db.Students.Where(s => s.SchoolId == schoolId).OrderBy(s => s.Id).Select(s => new { s.Id, s.GraduationYear }).ToListAsync())
            .Select(s => (s.Id, s.GraduationYear)).ToList();
        given = await Given.InAsync(portal, clock, offer: _ => NewOffer());
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private AppDbContext NewDb() => portal.NewDb();

    private Offer NewOffer() => TestOffers.Create(TestOffers.Draft(), clock);

    [Fact]
    public async Task Signing_round_trips_with_its_offer_and_trail()
    {
        var id = await given.Invites(students[0].Id).Accepted();
        await using var db = NewDb();
        var s = await SigningStore.LoadAsync(db, id);
        Assert.NotNull(s);
        Assert.Equal(SigningStatus.AwaitingVerification, s.Status);
        Assert.Equal("PHP前端工程师", s.Offer.Position);
        Assert.Equal(new DateOnly(2027, 7, 1), s.Offer.ReportDeadline);
        Assert.Equal([TrailActions.Invite, TrailActions.Accept], s.Trail.Select(t => t.Action));
        Assert.Equal(employerName, s.Trail[0].ActorName);
        Assert.Equal(clock.GetUtcNow(), s.Trail[0].At);
        Assert.Equal(Signing.DeadlineFor(clock.GetUtcNow(), 5), s.Deadline);
    }

    [Fact]
    public async Task Invitation_facts_are_read_from_the_database()
    {
        await given.Invites(students[0].Id);
        await given.Invites(students[1].Id).Accepted();
        await using var db = NewDb();
        var otherSchoolStudent = await db.Students.Where(s => s.SchoolId == otherSchoolId).Select(s => s.Id).FirstAsync();
        var unresidentSchoolStudent = await db.Students.Where(s => s.SchoolId != otherSchoolId && s.SchoolId != schoolId).Select(s => s.Id).FirstAsync();
        var facts = await SigningStore.InvitationFactsAsync(db, employerId,
            [students[0].Id, students[1].Id, students[2].Id, otherSchoolStudent, unresidentSchoolStudent], clock.GetUtcNow());

        Assert.Equal(Signing.AlreadyInvitedMessage, Signing.WhyCannotInvite(facts[students[0].Id]));
        Assert.Equal(Signing.StudentHasActiveAgreementMessage, Signing.WhyCannotInvite(facts[students[1].Id]));
        Assert.Null(Signing.WhyCannotInvite(facts[students[2].Id]));
        Assert.Null(Signing.WhyCannotInvite(facts[otherSchoolStudent]));
        Assert.Equal(Signing.NoResidencyMessage, Signing.WhyCannotInvite(facts[unresidentSchoolStudent]));

        clock.Advance(TimeSpan.FromDays(7)); // the first invitation expired: it no longer blocks a new one
        facts = await SigningStore.InvitationFactsAsync(db, employerId, [students[0].Id], clock.GetUtcNow());
        Assert.Null(Signing.WhyCannotInvite(facts[students[0].Id]));
    }

    [Fact]
    public async Task Two_verifiers_race_and_exactly_one_wins()
    {
        var id = await given.Invites(students[0].Id).Accepted();
        await using var first = NewDb();
        await using var second = NewDb();
        var a = (await SigningStore.LoadAsync(first, id))!;
        var b = (await SigningStore.LoadAsync(second, id))!;
        a.ApproveVerification(Actor.SchoolAdmin(schoolId, "管理员甲"), await SigningStore.NextAgreementNumberAsync(first, schoolId, a.GraduationYear), VerificationCode.Generate(), clock.GetUtcNow());
        b.ApproveVerification(Actor.SchoolAdmin(schoolId, "管理员乙"), await SigningStore.NextAgreementNumberAsync(second, schoolId, b.GraduationYear), VerificationCode.Generate(), clock.GetUtcNow());

        var results = await Task.WhenAll(Try(first), Try(second));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == SigningStore.ConflictMessage);
        await using var check = NewDb();
        var saved = (await SigningStore.LoadAsync(check, id))!;
        Assert.Equal(SigningStatus.Effective, saved.Status);
        Assert.Single(saved.Trail, t => t.Action == TrailActions.ApproveVerification);
        Assert.Equal(1, await check.AgreementCounters.Where(c => c.SchoolId == schoolId).Select(c => c.LastSequence).SingleAsync());
    }

    [Fact]
    public async Task Accept_racing_a_withdrawal_ends_in_exactly_one_outcome()
    {
        var id = await given.Invites(students[0].Id);
        await using var studentDb = NewDb();
        await using var employerDb = NewDb();
        var asStudent = (await SigningStore.LoadAsync(studentDb, id))!;
        var asEmployer = (await SigningStore.LoadAsync(employerDb, id))!;
        asStudent.Accept(Actor.Student(asStudent.StudentId), false, clock.GetUtcNow());
        asEmployer.Withdraw(Actor.Employer(employerId, employerName), clock.GetUtcNow());

        var results = await Task.WhenAll(Try(studentDb), Try(employerDb));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == SigningStore.ConflictMessage);
        await using var check = NewDb();
        var saved = (await SigningStore.LoadAsync(check, id))!;
        Assert.Contains(saved.Status, new[] { SigningStatus.AwaitingVerification, SigningStatus.Withdrawn });
        Assert.Equal(2, saved.Trail.Count);
    }

    [Fact]
    public async Task Student_accepting_two_invitations_at_the_same_instant_holds_one_agreement()
    {
        var first = await given.Invites(students[0].Id);
        // A second employer, resident at the same school, invites the same student.
        await given.Employer(await given.AddOtherEmployerAsync()).Invites(students[0].Id);
        await using var a = NewDb();
        await using var b = NewDb();
        var studentActor = Actor.Student(students[0].Id);
        var invitations = await a.Signings.Where(s => s.StudentId == students[0].Id).Select(s => s.Id).ToListAsync();
        Assert.Equal(2, invitations.Count);
        var one = (await SigningStore.LoadAsync(a, invitations[0]))!;
        var two = (await SigningStore.LoadAsync(b, invitations[1]))!;
        // Both checks of rule 6 run before either commits, so both pass in memory.
        one.Accept(studentActor, await SigningStore.HasOtherActiveAgreementAsync(a, students[0].Id, one.Id), clock.GetUtcNow());
        two.Accept(studentActor, await SigningStore.HasOtherActiveAgreementAsync(b, students[0].Id, two.Id), clock.GetUtcNow());

        var results = await Task.WhenAll(Try(a), Try(b));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == Signing.OtherActiveAgreementMessage);
        await using var check = NewDb();
        Assert.Equal(1, await check.Signings.CountAsync(SigningStatuses.ActiveAgreementOf(students[0].Id)));
        Assert.NotEqual(0, first);
    }

    [Fact]
    public async Task Agreement_numbers_are_sequential_per_school_and_year_and_unique()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await given.Invites(students[i].Id).Accepted();
            await using var db = NewDb();
            var s = (await SigningStore.LoadAsync(db, id))!;
            s.ApproveVerification(Actor.SchoolAdmin(schoolId, "管理员"), await SigningStore.NextAgreementNumberAsync(db, schoolId, s.GraduationYear), VerificationCode.Generate(), clock.GetUtcNow());
            await db.SaveOrConflictAsync();
            numbers.Add(s.AgreementNumber!);
        }
        var year = students[0].Year;
        Assert.All(numbers, n => Assert.Equal(15, n.Length));
        Assert.Equal([$"10500{year}000001", $"10500{year}000002", $"10500{year}000003"], numbers.Order());
    }

    private static async Task<string?> Try(AppDbContext db)
    {
        try
        {
            await db.SaveOrConflictAsync();
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Message;
        }
    }
}
