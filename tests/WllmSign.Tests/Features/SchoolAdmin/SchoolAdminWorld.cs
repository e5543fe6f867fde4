using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.SchoolAdmin;

/// <summary>
/// The seeded demo portal on its own SQLite file; its signings are made with <see cref="Given"/> (the demo employer
/// invites, the student accepts) as the employer and student areas would.
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

    private SchoolAdminWorld(bool kestrel) => Portal = new PortalFactory(seedDemo: true, kestrel: kestrel, clock: Clock, servicesOnly: !kestrel);

    public static async Task<SchoolAdminWorld> StartAsync(bool kestrel = false)
    {
        var world = new SchoolAdminWorld(kestrel);
        if (kestrel) _ = world.Portal.BaseAddress;
        await using var db = world.NewDb();
        var demo = await DemoRecords.LoadAsync(db);
        (world.EmployerId, world.EmployerName, world.SchoolId, world.OtherSchoolId) = (demo.EmployerId, demo.EmployerName, demo.SchoolId, demo.OtherSchoolId);
        world.Students = await db.Students.Where(s => s.SchoolId == world.SchoolId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        world.OtherSchoolStudents = await db.Students.Where(s => s.SchoolId == world.OtherSchoolId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        world.Given = await Given.InAsync(world.Portal, world.Clock, offer: _ => world.NewOffer());
        return world;
    }

    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    public AppDbContext NewDb() => Portal.NewDb();

    public CurrentUser SchoolAdmin(string name = "湖北工业大学管理员") => new("admin-10500", name, Roles.SchoolAdmin, null, null, SchoolId);
    public CurrentUser OtherSchoolAdmin() => new("admin-10491", "中国地质大学管理员", Roles.SchoolAdmin, null, null, OtherSchoolId);

    public Offer NewOffer(string position = "PHP前端工程师") => TestOffers.Create(TestOffers.ForwardedDraft(position), Clock);

    /// <summary>Signings of this portal, made through the domain (<see cref="Infrastructure.Given"/>); the letter forwards archive and hukou.</summary>
    public Given Given { get; private set; } = default!;

    public async Task<Signing> LoadAsync(int signingId)
    {
        await using var db = NewDb();
        return (await db.Signings.AsNoTracking().Include("_trail").SingleAsync(s => s.Id == signingId));
    }

    public async ValueTask DisposeAsync() => await Portal.DisposeAsync();
}
