using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Tests.Infrastructure;

/// <summary>The states a test can ask for in one word; two of them differ only in time or in who asked.</summary>
public enum SigningState
{
    Invited, InvitedPastDeadline, Declined, Expired, Withdrawn, AwaitingVerification, VerificationRejected, Effective,
    TerminationRequestedByStudent, TerminationRequestedByEmployer, TerminationAwaitingVerification, Terminated,
}

/// <summary>Who asks to end an agreement.</summary>
public enum Party { Student, Employer }

/// <summary>
/// The one way a test arranges signings (decision 038): on a portal's real database, through the domain's own
/// transitions (Invite with the invitation facts the database gives, Accept as the student, ApproveVerification with the
/// school's next agreement number, RequestTermination, …), never by writing a status.
/// <code>
/// var given = await Given.InAsync(portal, clock);
/// var id = await given.Invites(studentId).Accepted().Verified();
/// await given.Employer(other).Invites(studentId).Reaching(SigningState.TerminationRequestedByStudent);
/// await given.Signing(id).Then((s, now) => s.ApproveTermination(admin, now));
/// </code>
/// The demo employer invites unless <see cref="Employer"/> names another; a chain runs and saves (in one DbContext,
/// with the concurrency check) when it is awaited and returns the signing's id.
/// </summary>
public sealed class Given
{
    /// <summary>The reason a student gives when a test does not care which.</summary>
    public const string TerminationReason = "个人原因，需回家乡工作";

    private readonly Func<AppDbContext> newDb;
    private readonly Queue<int> freeStudents;

    private Given(Func<AppDbContext> newDb, TimeProvider clock, DemoRecords demo, Queue<int> freeStudents, Actor employer, TimeSpan step,
        Func<DateTimeOffset, Offer> offer)
    {
        this.newDb = newDb;
        Clock = clock;
        Demo = demo;
        this.freeStudents = freeStudents;
        Inviter = employer;
        Step = step;
        OfferAt = offer;
    }

    /// <summary>
    /// The demo portal's world; <paramref name="step"/> is the time between two transitions of one chain (zero: all at
    /// the chain's start); <paramref name="offer"/> the letter of an invitation made at a time (default:
    /// <see cref="DefaultOffer"/>).
    /// </summary>
    public static Task<Given> InAsync(PortalFactory portal, TimeProvider clock, TimeSpan step = default, Func<DateTimeOffset, Offer>? offer = null) =>
        InAsync(portal.NewDb, clock, step, offer);

    /// <summary>The same, on the database <paramref name="newDb"/> opens (a host derived from the portal).</summary>
    public static async Task<Given> InAsync(Func<AppDbContext> newDb, TimeProvider clock, TimeSpan step = default, Func<DateTimeOffset, Offer>? offer = null)
    {
        await using var db = newDb();
        var demo = await DemoRecords.LoadAsync(db);
        var free = new Queue<int>(await db.Students
            .Where(s => (s.SchoolId == demo.SchoolId || s.SchoolId == demo.OtherSchoolId) && s.Id != demo.DemoStudentId)
            .OrderBy(s => s.SchoolId == demo.SchoolId ? 0 : 1).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync());
        return new Given(newDb, clock, demo, free, demo.Employer, step, offer ?? DefaultOffer);
    }

    public TimeProvider Clock { get; }
    public DemoRecords Demo { get; }
    public TimeSpan Step { get; }
    public Func<DateTimeOffset, Offer> OfferAt { get; }

    /// <summary>The employer whose invitations this world makes.</summary>
    public Actor Inviter { get; }

    public AppDbContext NewDb() => newDb();

    public int EmployerId => Inviter.Id;
    public string EmployerName => Inviter.DisplayName;
    public int SchoolId => Demo.SchoolId;
    public int OtherSchoolId => Demo.OtherSchoolId;

    /// <summary>The signed-in user of <see cref="Inviter"/>.</summary>
    public CurrentUser EmployerUser => new("employer-user", EmployerName, Roles.Employer, EmployerId, null, null);

    public const string OtherEmployerName = "武汉光谷软件有限公司";

    /// <summary>
    /// A second employer (once per portal), resident at both demo schools with confirmed signing information: for the
    /// rule-6 scenarios and for what one employer must not see of another's.
    /// </summary>
    public async Task<(int Id, string Name)> AddOtherEmployerAsync()
    {
        const string creditCode = "91350100M000100Y43";
        await using var db = NewDb();
        if (await db.Employers.Where(e => e.CreditCode == creditCode).Select(e => (int?)e.Id).SingleOrDefaultAsync() is { } existing)
            return (existing, OtherEmployerName);
        var now = Clock.GetUtcNow();
        var other = new Employer(OtherEmployerName, creditCode, "李女士", "13912345678", "hr@guanggu.test", now.AddDays(-40));
        other.ConfirmSigningInfo(SigningInfo.Create("其他企业", "湖北省 - 武汉市", SigningInfoOptions.ArchiveForwarded,
            "武汉市人才服务中心", "武汉市江岸区沿江大道1号", "430010", "王老师", "027-82800000", "人才服务机构集体户", "武汉市江岸区沿江大道1号"), now.AddDays(-39));
        db.Employers.Add(other);
        await db.SaveChangesAsync();
        foreach (var school in new[] { SchoolId, OtherSchoolId })
        {
            var residency = new Residency(other.Id, school, now.AddDays(-38));
            residency.Approve("admin", now.AddDays(-37));
            db.Residencies.Add(residency);
        }
        await db.SaveChangesAsync();
        return (other.Id, other.Name);
    }

    /// <summary>The same world, with invitations made by another employer.</summary>
    public Given Employer(int id, string name) => new(newDb, Clock, Demo, freeStudents, Actor.Employer(id, name), Step, OfferAt);

    public Given Employer((int Id, string Name) employer) => Employer(employer.Id, employer.Name);

    /// <summary>The next student of 10500 (then 10491) nobody has invited through this world yet (never the demo student).</summary>
    public int NextStudent() => freeStudents.Dequeue();

    /// <summary>The short valid letter (<see cref="TestOffers.Draft"/>), dated the China day of <paramref name="at"/>.</summary>
    public static Offer DefaultOffer(DateTimeOffset at) => Offer.Create(TestOffers.Draft(), DateOnly.FromDateTime(ChinaTime.ToChina(at).DateTime));

    /// <summary>
    /// <see cref="Inviter"/> invites <paramref name="studentId"/> (default: <see cref="NextStudent"/>) with
    /// <paramref name="offer"/> (default: this world's <see cref="OfferAt"/> the invitation's time).
    /// </summary>
    public GivenSigning Invites(int? studentId = null, Offer? offer = null) => new(this, null, studentId ?? NextStudent(), offer);

    /// <summary>A stored signing, to move further along.</summary>
    public GivenSigning Signing(int id) => new(this, id, null, null);

    /// <summary>The stored signing, with its trail.</summary>
    public async Task<Signing> LoadAsync(int id)
    {
        await using var db = NewDb();
        return (await SigningStore.LoadAsync(db, id))!;
    }
}

/// <summary>One signing's chain of transitions; runs when awaited (or <see cref="SaveAsync"/>) and gives the signing's id.</summary>
public sealed class GivenSigning
{
    private readonly Given world;
    private readonly int? existingId;
    private readonly int? studentId;
    private readonly Offer? offer;
    private readonly List<Func<Step, Task>> steps = [];
    private DateTimeOffset? at;

    internal GivenSigning(Given world, int? existingId, int? studentId, Offer? offer) =>
        (this.world, this.existingId, this.studentId, this.offer) = (world, existingId, studentId, offer);

    /// <summary>What a step works on: the signing, its database, and the time of the step.</summary>
    public sealed record Step(Signing Signing, AppDbContext Db, DateTimeOffset Now, Actor Employer)
    {
        public Actor Student => Actor.Student(Signing.StudentId);
        public Actor Admin(string name) => Actor.SchoolAdmin(Signing.SchoolId, name);
    }

    /// <summary>The invitation (or the first step) happens at <paramref name="time"/> instead of the clock's now.</summary>
    public GivenSigning At(DateTimeOffset time)
    {
        at = time;
        return this;
    }

    private GivenSigning Do(Func<Step, Task> step)
    {
        steps.Add(step);
        return this;
    }

    private GivenSigning Do(Action<Step> step) => Do(s => { step(s); return Task.CompletedTask; });

    public GivenSigning Accepted() => Do(s => s.Signing.Accept(s.Student, false, s.Now));
    public GivenSigning Declined(string? reason = null) => Do(s => s.Signing.Decline(s.Student, reason, s.Now));
    public GivenSigning Withdrawn() => Do(s => s.Signing.Withdraw(s.Employer, s.Now));

    /// <summary>The expiry job's transition, at the invitation's deadline.</summary>
    public GivenSigning Expired() => Do(s => s.Signing.Expire(s.Signing.Deadline));

    /// <summary>The school's admin approves with the school's next agreement number and a fresh 校验码: Effective.</summary>
    public GivenSigning Verified(string adminName = "管理员") => Do(async s =>
        s.Signing.ApproveVerification(s.Admin(adminName),
            await SigningStore.NextAgreementNumberAsync(s.Db, s.Signing.SchoolId, s.Signing.GraduationYear), VerificationCode.Generate(), s.Now));

    public GivenSigning VerificationRejected(string remark = "信息不完整", string adminName = "school_admin") =>
        Do(s => s.Signing.RejectVerification(s.Admin(adminName), remark, s.Now));

    public GivenSigning TerminationRequestedBy(Party party, string reason = Given.TerminationReason) =>
        Do(s => s.Signing.RequestTermination(party == Party.Student ? s.Student : s.Employer, reason, s.Now));

    /// <summary>The party that did not ask agrees: TerminationAwaitingVerification.</summary>
    public GivenSigning TerminationAgreedBy(Party counterparty) =>
        Do(s => s.Signing.AgreeTermination(counterparty == Party.Student ? s.Student : s.Employer, s.Now));

    public GivenSigning TerminationApproved(string adminName = "school_admin") => Do(s => s.Signing.ApproveTermination(s.Admin(adminName), s.Now));

    /// <summary>Any other transition, as the given party would make it.</summary>
    public GivenSigning Then(Action<Signing, DateTimeOffset> change) => Do(s => change(s.Signing, s.Now));

    /// <summary>The usual path to <paramref name="state"/> (the school admin "school_admin", the reasons of <see cref="Given"/>).</summary>
    public GivenSigning Reaching(SigningState state)
    {
        if (state == SigningState.InvitedPastDeadline) at = world.Clock.GetUtcNow().AddDays(-10);
        GivenSigning Effective() => Accepted().Verified("school_admin");
        return state switch
        {
            SigningState.Invited or SigningState.InvitedPastDeadline => this,
            SigningState.Declined => Declined(),
            SigningState.Expired => Expired(),
            SigningState.Withdrawn => Withdrawn(),
            SigningState.AwaitingVerification => Accepted(),
            SigningState.VerificationRejected => Accepted().VerificationRejected(),
            SigningState.Effective => Effective(),
            SigningState.TerminationRequestedByStudent => Effective().TerminationRequestedBy(Party.Student),
            SigningState.TerminationRequestedByEmployer => Effective().TerminationRequestedBy(Party.Employer, "岗位调整"),
            SigningState.TerminationAwaitingVerification => Effective().TerminationRequestedBy(Party.Student).TerminationAgreedBy(Party.Employer),
            SigningState.Terminated => Effective().TerminationRequestedBy(Party.Student).TerminationAgreedBy(Party.Employer).TerminationApproved(),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
    }

    /// <summary>Invites (or loads), runs every step, saves; returns the signing's id.</summary>
    public async Task<int> SaveAsync()
    {
        var t = at ?? world.Clock.GetUtcNow();
        await using var db = world.NewDb();
        Signing signing;
        if (existingId is { } id) signing = (await SigningStore.LoadAsync(db, id))!;
        else
        {
            var student = await db.Students.Where(s => s.Id == studentId).Select(s => new { s.SchoolId, s.GraduationYear }).SingleAsync();
            var facts = (await SigningStore.InvitationFactsAsync(db, world.Inviter.Id, [studentId!.Value], t))[studentId.Value];
            signing = Signing.Invite(world.Inviter, studentId.Value, student.SchoolId, student.GraduationYear, offer ?? world.OfferAt(t), facts, t);
            db.Signings.Add(signing);
        }
        var employer = existingId is null ? world.Inviter : Actor.Employer(signing.EmployerId, world.Inviter.DisplayName);
        foreach (var step in steps)
        {
            t += world.Step;
            await step(new Step(signing, db, t, employer));
        }
        await db.SaveOrConflictAsync();
        return signing.Id;
    }

    public TaskAwaiter<int> GetAwaiter() => SaveAsync().GetAwaiter();
}
