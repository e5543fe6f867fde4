using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
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
        var demo = await DemoRecords.LoadAsync(db);
        (world.EmployerId, world.EmployerName, world.SchoolId, world.OtherSchoolId) = (demo.EmployerId, demo.EmployerName, demo.SchoolId, demo.OtherSchoolId);
        world.Students = await db.Students.Where(s => s.SchoolId == world.SchoolId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        world.OtherSchoolStudents = await db.Students.Where(s => s.SchoolId == world.OtherSchoolId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        return world;
    }

    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    public AppDbContext NewDb() => Portal.NewDb();

    public CurrentUser SchoolAdmin(string name = "湖北工业大学管理员") => new("admin-10500", name, Roles.SchoolAdmin, null, null, SchoolId);
    public CurrentUser OtherSchoolAdmin() => new("admin-10491", "中国地质大学管理员", Roles.SchoolAdmin, null, null, OtherSchoolId);

    public Offer NewOffer(string position = "PHP前端工程师") => TestOffers.Create(TestOffers.ForwardedDraft(position), Clock);

    /// <summary>The demo employer invites the student; with <paramref name="accept"/> the student accepts (→ AwaitingVerification).</summary>
    public async Task<int> InviteAsync(int studentId, bool accept = true, string position = "PHP前端工程师")
    {
        await using var db = NewDb();
        var now = Clock.GetUtcNow();
        var signing = await TestSignings.InviteAsync(db, Actor.Employer(EmployerId, EmployerName), studentId, NewOffer(position), now);
        if (accept) signing.Accept(Actor.Student(studentId), false, now);
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
        await TestSignings.ApproveAsync(db, (await SigningStore.LoadAsync(db, id))!, Clock.GetUtcNow(), "测试管理员");
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
