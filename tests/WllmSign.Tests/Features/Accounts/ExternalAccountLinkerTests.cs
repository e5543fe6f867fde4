using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Accounts;

/// <summary>
/// The first external sign-in's account linking (decision 023) on the real services and the demo data: employers by
/// credit code, students by the roster, school admins only to the account the alliance created, and never an admin by
/// a claim alone.
/// </summary>
public sealed class ExternalAccountLinkerTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true, servicesOnly: true);

    private static readonly ExternalProvider Alliance = new(ExternalProvider.AllianceScheme, "使用联盟账号登录", new ExternalProviderOptions(), null);
    private static ExternalProvider School(string code) => new("school-" + code, "统一身份认证", new ExternalProviderOptions(), code);

    public Task InitializeAsync()
    {
        _ = portal.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static ExternalLoginInfo Info(ExternalProvider provider, string subject, params (string Type, string Value)[] claims)
    {
        var identity = new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)).Append(new Claim(ClaimTypes.NameIdentifier, subject)), "oidc");
        return new ExternalLoginInfo(new ClaimsPrincipal(identity), provider.Scheme, subject, provider.DisplayName);
    }

    private async Task<(ExternalLinkResult Result, IList<string> Roles)> LinkAsync(ExternalProvider provider, ExternalLoginInfo info)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ExternalAccountLinker>().LinkAsync(provider, info);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = result.User is null ? [] : await users.GetRolesAsync((await users.FindByIdAsync(result.User.Id))!);
        return (result, roles);
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task A_provider_claim_never_makes_anyone_an_admin()
    {
        var (result, roles) = await LinkAsync(Alliance, Info(Alliance, "sub-role", ("credit_code", "91420106MA49L2KT0M"), ("name", "武汉角色测试有限公司"),
            ("contact_name", "周先生"), ("phone_number", "13800001234"), ("email", "role@alliance.test"),
            ("role", Roles.AllianceAdmin), (ClaimTypes.Role, Roles.SchoolAdmin)));
        Assert.NotNull(result.User);
        Assert.Equal([Roles.Employer], roles);
        Assert.Null(result.User!.SchoolId);
    }

    [Fact]
    public async Task An_alliance_account_with_the_email_of_the_alliance_admin_is_not_linked_to_that_admin()
    {
        var adminId = await DbAsync(db => db.Users.Where(u => u.Email == DemoData.AllianceEmail).Select(u => u.Id).SingleAsync());
        var (result, _) = await LinkAsync(Alliance, Info(Alliance, "sub-admin", ("credit_code", "91420106MA49L2KT0M"), ("name", "武汉冒名有限公司"),
            ("contact_name", "周先生"), ("phone_number", "13800001234"), ("email", DemoData.AllianceEmail)));
        Assert.Null(result.User);
        Assert.Equal(ExternalLoginRefusals.EmailTaken, result.Refusal);
        Assert.False(await DbAsync(db => db.UserLogins.AnyAsync(l => l.UserId == adminId)));
        Assert.False(await DbAsync(db => db.Employers.AnyAsync(e => e.CreditCode == "91420106MA49L2KT0M")));
    }

    [Fact]
    public async Task A_school_admin_is_linked_only_to_the_account_the_alliance_created_for_that_school()
    {
        var email = DemoData.SchoolAdminEmail("10500");
        // The campus system of another school cannot reach this admin: it finds no such student either.
        var (elsewhere, _) = await LinkAsync(School("10491"), Info(School("10491"), "sub-other", ("email", email)));
        Assert.Equal(ExternalLoginRefusals.NotOnRoster, elsewhere.Refusal);

        var (result, roles) = await LinkAsync(School("10500"), Info(School("10500"), "sub-admin-10500", ("email", email)));
        Assert.Equal(email, result.User?.Email);
        Assert.Equal([Roles.SchoolAdmin], roles);
        Assert.Equal(1, await DbAsync(db => db.UserLogins.CountAsync(l => l.ProviderKey == "sub-admin-10500")));
        Assert.True(await DbAsync(db => db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.ExternalAccountLinked && a.Target.Contains(email))));
    }

    [Fact]
    public async Task An_unknown_email_at_a_school_provider_never_creates_an_admin()
    {
        var admins = await DbAsync(db => db.UserRoles.CountAsync());
        var (result, _) = await LinkAsync(School("10500"), Info(School("10500"), "sub-new-admin", ("email", "newadmin@hbut.test"), ("role", Roles.SchoolAdmin)));
        Assert.Equal(ExternalLoginRefusals.NotOnRoster, result.Refusal);
        Assert.Equal(admins, await DbAsync(db => db.UserRoles.CountAsync()));
    }

    [Fact]
    public async Task A_student_is_linked_by_school_and_student_number_and_must_match_the_roster()
    {
        var school = await DbAsync(db => db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync());
        var student = await DbAsync(db => db.Students.Where(s => s.SchoolId == school && !db.Users.Any(u => u.StudentId == s.Id))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Name, s.StudentNumber }).FirstAsync());

        var (wrongName, _) = await LinkAsync(School("10500"), Info(School("10500"), "sub-stu", ("student_number", student.StudentNumber),
            ("name", student.Name + "某"), ("email", "stu@hbut.test")));
        Assert.Equal(ExternalLoginRefusals.NotOnRoster, wrongName.Refusal);
        var (otherSchool, _) = await LinkAsync(School("10491"), Info(School("10491"), "sub-stu", ("student_number", student.StudentNumber),
            ("name", student.Name), ("email", "stu@hbut.test")));
        Assert.Null(otherSchool.User);

        var (result, roles) = await LinkAsync(School("10500"), Info(School("10500"), "sub-stu", ("student_number", student.StudentNumber),
            ("name", student.Name), ("email", "stu@hbut.test")));
        Assert.Equal(student.Id, result.User?.StudentId);
        Assert.Equal([Roles.Student], roles);
    }
}
