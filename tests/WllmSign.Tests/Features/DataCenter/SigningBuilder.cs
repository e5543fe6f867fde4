using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>The states the data-centre tests create; two of them differ only in time or in who asked.</summary>
public enum Given
{
    Invited, InvitedPastDeadline, Declined, Expired, Withdrawn, AwaitingVerification, VerificationRejected, Effective,
    TerminationRequestedByStudent, TerminationRequestedByEmployer, TerminationAwaitingVerification, Terminated,
}

/// <summary>
/// Makes signings in any state on the portal's real SQLite database, through the domain's own transitions
/// (Invite with the real invitation facts, Accept as the student, ApproveVerification with the next agreement
/// number, RequestTermination, …), each for a fresh student of the demo schools where the employer is resident.
/// </summary>
public sealed class SigningBuilder(PortalFactory portal, FakeClock clock)
{
    public const string TerminationReason = "个人原因，需回家乡工作";

    public int EmployerId { get; private set; }
    public string EmployerName { get; private set; } = "";
    public int SchoolId { get; private set; }
    public int OtherSchoolId { get; private set; }
    private readonly Queue<int> freeStudents = new();

    public CurrentUser Employer => new("employer-user", EmployerName, Roles.Employer, EmployerId, null, null);

    public AppDbContext NewDb() => portal.NewDb();

    public async Task InitializeAsync()
    {
        await using var db = NewDb();
        var demo = await DemoRecords.LoadAsync(db);
        (EmployerId, EmployerName, SchoolId, OtherSchoolId) = (demo.EmployerId, demo.EmployerName, demo.SchoolId, demo.OtherSchoolId);
        foreach (var id in await db.Students.Where(s => (s.SchoolId == SchoolId || s.SchoolId == OtherSchoolId) && s.Id != demo.DemoStudentId)
                     .OrderBy(s => s.SchoolId == SchoolId ? 0 : 1).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync())
            freeStudents.Enqueue(id);
    }

    /// <summary>The next student nobody has invited yet.</summary>
    public int NextStudent() => freeStudents.Dequeue();

    /// <summary>A second employer, resident at the same two schools, with confirmed signing information.</summary>
    public async Task<(int Id, string Name)> AddOtherEmployerAsync()
    {
        await using var db = NewDb();
        var now = clock.GetUtcNow();
        var other = new Employer("武汉光谷软件有限公司", "91350100M000100Y43", "李女士", "13912345678", "hr@guanggu.test", now.AddDays(-40));
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

    public static Offer NewOffer(DateOnly today, string position = "PHP前端工程师") => Offer.Create(TestOffers.Draft(position), today);

    /// <summary>
    /// A signing of the demo employer (or <paramref name="employer"/>) in state <paramref name="given"/>, invited at
    /// <paramref name="invitedAt"/> (default: the clock) to <paramref name="studentId"/> (default: a fresh student).
    /// </summary>
    public async Task<int> MakeAsync(Given given, int? studentId = null, DateTimeOffset? invitedAt = null, (int Id, string Name)? employer = null)
    {
        var t = invitedAt ?? clock.GetUtcNow();
        if (given == Given.InvitedPastDeadline) t = clock.GetUtcNow().AddDays(-10);
        var student = studentId ?? NextStudent();
        var (employerId, employerName) = employer ?? (EmployerId, EmployerName);
        var unit = Actor.Employer(employerId, employerName);

        await using var db = NewDb();
        var signing = await TestSignings.InviteAsync(db, unit, student, NewOffer(DateOnly.FromDateTime(ChinaTime.ToChina(t).DateTime)), t);
        var me = Actor.Student(student);
        var admin = Actor.SchoolAdmin(signing.SchoolId, "school_admin");
        DateTimeOffset Next() => t = t.AddMinutes(1);

        async Task EffectiveAsync()
        {
            signing.Accept(me, false, Next());
            await TestSignings.ApproveAsync(db, signing, Next(), "school_admin");
        }

        switch (given)
        {
            case Given.Invited or Given.InvitedPastDeadline: break;
            case Given.Declined: signing.Decline(me, null, Next()); break;
            case Given.Expired: signing.Expire(signing.Deadline); break;
            case Given.Withdrawn: signing.Withdraw(unit, Next()); break;
            case Given.AwaitingVerification: signing.Accept(me, false, Next()); break;
            case Given.VerificationRejected: signing.Accept(me, false, Next()); signing.RejectVerification(admin, "信息不完整", Next()); break;
            case Given.Effective: await EffectiveAsync(); break;
            case Given.TerminationRequestedByStudent: await EffectiveAsync(); signing.RequestTermination(me, TerminationReason, Next()); break;
            case Given.TerminationRequestedByEmployer: await EffectiveAsync(); signing.RequestTermination(unit, "岗位调整", Next()); break;
            case Given.TerminationAwaitingVerification:
                await EffectiveAsync(); signing.RequestTermination(me, TerminationReason, Next()); signing.AgreeTermination(unit, Next()); break;
            case Given.Terminated:
                await EffectiveAsync(); signing.RequestTermination(me, TerminationReason, Next()); signing.AgreeTermination(unit, Next());
                signing.ApproveTermination(admin, Next()); break;
            default: throw new ArgumentOutOfRangeException(nameof(given));
        }
        await db.SaveOrConflictAsync();
        return signing.Id;
    }

    /// <summary>The stored signing, with its trail.</summary>
    public async Task<Signing> LoadAsync(int id)
    {
        await using var db = NewDb();
        return (await SigningStore.LoadAsync(db, id))!;
    }
}
