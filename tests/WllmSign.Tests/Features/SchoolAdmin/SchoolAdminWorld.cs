using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.SchoolAdmin;

/// <summary>
/// The seeded demo portal on its own SQLite file, with helpers that create signings through the domain
/// (the demo employer invites, the student accepts) as the employer and student areas would.
/// </summary>
public sealed class SchoolAdminWorld : IAsyncDisposable
{
    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    public PortalFactory Portal { get; }
    public int EmployerId { get; private set; }
    public string EmployerName { get; private set; } = "";
    public int SchoolId { get; private set; }
    public int OtherSchoolId { get; private set; }
    /// <summary>Students of school 10500, by id.</summary>
    public List<int> Students { get; private set; } = [];
    public List<int> OtherSchoolStudents { get; private set; } = [];

    private SchoolAdminWorld(bool kestrel) => Portal = new PortalFactory(seedDemo: true, kestrel: kestrel, clock: Clock);

    public static async Task<SchoolAdminWorld> StartAsync(bool kestrel = false)
    {
        var world = new SchoolAdminWorld(kestrel);
        if (kestrel) _ = world.Portal.BaseAddress;
        await using var db = world.NewDb();
        var employer = await db.Employers.SingleAsync(e => e.CreditCode == DemoData.EmployerCreditCode);
        world.EmployerId = employer.Id;
        world.EmployerName = employer.Name;
        world.SchoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
        world.OtherSchoolId = await db.Schools.Where(s => s.Code == "10491").Select(s => s.Id).SingleAsync();
        world.Students = await db.Students.Where(s => s.SchoolId == world.SchoolId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        world.OtherSchoolStudents = await db.Students.Where(s => s.SchoolId == world.OtherSchoolId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        return world;
    }

    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    public AppDbContext NewDb() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public CurrentUser SchoolAdmin(string name = "湖北工业大学管理员") => new("admin-10500", name, Roles.SchoolAdmin, null, null, SchoolId);
    public CurrentUser OtherSchoolAdmin() => new("admin-10491", "中国地质大学管理员", Roles.SchoolAdmin, null, null, OtherSchoolId);

    public Offer NewOffer(string position = "PHP前端工程师") => Offer.Create(new OfferDraft
    {
        JobCategory = "计算机与网络",
        Position = position,
        ProbationDays = 60,
        ProbationSalary = 4000,
        RegularSalary = 5000,
        Penalty = 1000,
        ReportPlace = "湖北省 - 武汉市 洪山区",
        ReportDeadline = new DateOnly(2027, 7, 1),
        WorkPlace = "湖北省 - 武汉市 洪山区街道口",
        ContactName = "董先生",
        ContactPhone = "15821082340",
        ArchiveReceiving = "转寄",
        ArchiveForwardUnit = "上海市黄浦区人力资源中心",
        ArchiveForwardAddress = "上海市黄河路200号",
        ArchiveForwardPostcode = "200003",
        ArchiveForwardContact = "周老师",
        ArchiveForwardPhone = "021-63500000",
        HukouReceivingType = "人才服务机构集体户",
        HukouAddress = "上海市国权北路248号2幢",
    }, ChinaTime.Today(Clock));

    /// <summary>The demo employer invites the student; with <paramref name="accept"/> the student accepts (→ AwaitingVerification).</summary>
    public async Task<int> InviteAsync(int studentId, bool accept = true, string position = "PHP前端工程师")
    {
        await using var db = NewDb();
        var student = await db.Students.SingleAsync(s => s.Id == studentId);
        var now = Clock.GetUtcNow();
        var facts = (await SigningStore.InvitationFactsAsync(db, EmployerId, [studentId], now))[studentId];
        var signing = Signing.Invite(Actor.Employer(EmployerId, EmployerName), studentId, student.SchoolId, student.GraduationYear,
            NewOffer(position), facts, now);
        if (accept) signing.Accept(Actor.Student(studentId), false, now);
        db.Signings.Add(signing);
        await db.SaveOrConflictAsync();
        return signing.Id;
    }

    /// <summary>Moves a signing along with the domain, as the given parties and the school would.</summary>
    public async Task ChangeAsync(int signingId, Action<Signing, DateTimeOffset> change)
    {
        await using var db = NewDb();
        var signing = (await SigningStore.LoadAsync(db, signingId))!;
        change(signing, Clock.GetUtcNow());
        await db.SaveOrConflictAsync();
    }

    /// <summary>An Effective agreement (the school approved it directly through the domain).</summary>
    public async Task<int> EffectiveAsync(int studentId)
    {
        var id = await InviteAsync(studentId);
        await using var db = NewDb();
        var signing = (await SigningStore.LoadAsync(db, id))!;
        var number = await SigningStore.NextAgreementNumberAsync(db, signing.SchoolId, signing.GraduationYear);
        signing.ApproveVerification(Actor.SchoolAdmin(signing.SchoolId, "测试管理员"), number, VerificationCode.Generate(), Clock.GetUtcNow());
        await db.SaveOrConflictAsync();
        return id;
    }

    /// <summary>An agreement whose termination both parties agreed to (TerminationAwaitingVerification).</summary>
    public async Task<int> TerminationAgreedAsync(int studentId)
    {
        var id = await EffectiveAsync(studentId);
        await ChangeAsync(id, (s, now) =>
        {
            s.RequestTermination(Actor.Student(studentId), "考取研究生，无法履约", now);
            s.AgreeTermination(Actor.Employer(EmployerId, EmployerName), now);
        });
        return id;
    }

    public async Task<Signing> LoadAsync(int signingId)
    {
        await using var db = NewDb();
        return (await db.Signings.AsNoTracking().Include("_trail").SingleAsync(s => s.Id == signingId));
    }

    public async ValueTask DisposeAsync() => await Portal.DisposeAsync();
}
