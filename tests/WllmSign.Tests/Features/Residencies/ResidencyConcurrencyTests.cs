using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Residencies;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Residencies;

public sealed class ResidencyConcurrencyTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, servicesOnly: true);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private AppDbContext NewDb() => portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    [Fact]
    public async Task Two_admins_deciding_the_same_application_at_once_cannot_both_win()
    {
        int id;
        await using (var db = NewDb())
        {
            var employer = await db.Employers.SingleAsync(e => e.CreditCode == DemoData.EmployerCreditCode);
            var school = await db.Schools.SingleAsync(s => s.Code == "10512");
            var application = new Residency(employer.Id, school.Id, DateTimeOffset.UtcNow);
            db.Residencies.Add(application);
            await db.SaveChangesAsync();
            id = application.Id;
        }
        await using var first = NewDb();
        await using var second = NewDb();
        (await first.Residencies.SingleAsync(r => r.Id == id)).Approve("管理员甲", DateTimeOffset.UtcNow);
        (await second.Residencies.SingleAsync(r => r.Id == id)).Reject("管理员乙", "材料不全", DateTimeOffset.UtcNow);

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = NewDb();
        var saved = await check.Residencies.SingleAsync(r => r.Id == id);
        Assert.Equal(ResidencyStatus.Approved, saved.Status);
        Assert.Equal("管理员甲", saved.DecidedBy);
        Assert.Null(saved.Remark);
    }
}
