using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Home;
using WllmSign.Portal.Features.SchoolAdmin.Alliance;
using WllmSign.Portal.Features.SchoolAdmin.Residencies;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.SchoolAdmin;

/// <summary>入驻审核 (rule 1), the school home counts, and the alliance admin's schools and accounts.</summary>
public sealed class ResidencyAndAllianceTests : IAsyncLifetime
{
    private SchoolAdminWorld world = default!;
    private readonly CurrentUser alliance = new("alliance", "联盟管理员", Roles.AllianceAdmin, null, null, null);

    public async Task InitializeAsync() => world = await SchoolAdminWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    private async Task<(int SchoolId, int ResidencyId, int StudentId)> ApplyAtHzauAsync()
    {
        await using var db = world.NewDb();
        var schoolId = await db.Schools.Where(s => s.Code == "10504").Select(s => s.Id).SingleAsync();
        var residency = new Residency(world.EmployerId, schoolId, world.Clock.GetUtcNow());
        db.Residencies.Add(residency);
        await db.SaveChangesAsync();
        var studentId = await db.Students.Where(s => s.SchoolId == schoolId).Select(s => s.Id).FirstAsync();
        return (schoolId, residency.Id, studentId);
    }

    [Fact]
    public async Task Residency_approval_lets_the_employer_invite_that_schools_students()
    {
        var (schoolId, residencyId, studentId) = await ApplyAtHzauAsync();
        var admin = new CurrentUser("admin-10504", "华中农业大学管理员", Roles.SchoolAdmin, null, null, schoolId);
        var service = world.Get<ResidencyReviewService>();
        await using var db = world.NewDb();
        var before = (await SigningStore.InvitationFactsAsync(db, world.EmployerId, [studentId], world.Clock.GetUtcNow()))[studentId];
        Assert.False(before.ResidencyApproved);
        var pending = await service.ListAsync(admin, pending: true, new PageRequest(0, 20));
        var row = Assert.Single(pending.Items);
        Assert.Equal(("上海萃思软件有限公司", "913101136915770276", "信息传输、软件和信息技术服务业"), (row.EmployerName, row.CreditCode, row.Industry));

        // Another school's admin cannot decide it.
        var foreign = await Assert.ThrowsAsync<DomainException>(() => service.ApproveAsync(world.SchoolAdmin(), residencyId));
        Assert.Equal(ResidencyReviewService.NotFoundMessage, foreign.Message);

        await service.ApproveAsync(admin, residencyId);

        var after = (await SigningStore.InvitationFactsAsync(db, world.EmployerId, [studentId], world.Clock.GetUtcNow()))[studentId];
        Assert.True(after.ResidencyApproved);
        Assert.Null(Signing.WhyCannotInvite(after));
        Assert.Equal(0, (await service.ListAsync(admin, pending: true, new PageRequest(0, 20))).Total);
        Assert.Equal("已入驻", Assert.Single((await service.ListAsync(admin, pending: false, new PageRequest(0, 20))).Items).StatusText);
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Employer && n.Title == "入驻申请已通过"));
        var again = await Assert.ThrowsAsync<DomainException>(() => service.RejectAsync(admin, residencyId, "重复"));
        Assert.Equal("该入驻申请已处理，请刷新后查看", again.Message);
    }

    [Fact]
    public async Task Residency_rejection_needs_a_reason()
    {
        var (schoolId, residencyId, _) = await ApplyAtHzauAsync();
        var admin = new CurrentUser("admin-10504", "华中农业大学管理员", Roles.SchoolAdmin, null, null, schoolId);
        var service = world.Get<ResidencyReviewService>();

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.RejectAsync(admin, residencyId, " "));
        Assert.Equal("请输入不通过原因", ex.Message);
        await service.RejectAsync(admin, residencyId, "单位资质材料不全");

        var decided = Assert.Single((await service.ListAsync(admin, pending: false, new PageRequest(0, 20))).Items);
        Assert.Equal(("未通过", "单位资质材料不全"), (decided.StatusText, decided.Remark));
    }

    [Fact]
    public async Task School_home_counts_signings_terminations_and_residencies_awaiting_the_school()
    {
        await world.Given.Invites(world.Students[0]).Accepted();
        await world.Given.Invites(world.Students[1]).Accepted();
        await world.Given.Invites(world.Students[2]).Reaching(SigningState.TerminationAwaitingVerification);
        await world.Given.Invites(world.OtherSchoolStudents[0]).Accepted(); // another school's: not counted

        var home = await world.Get<HomeService>().SchoolAsync(world.SchoolAdmin());

        Assert.Equal((2, 1, 0), (home.SigningsAwaitingVerification, home.TerminationsAwaitingVerification, home.PendingResidencies));
    }

    [Fact]
    public async Task Alliance_creates_a_school_admin_who_can_then_sign_in_and_can_reset_and_disable_the_account()
    {
        var service = world.Get<AllianceService>();
        await using var db = world.NewDb();
        var schoolId = await db.Schools.Where(s => s.Code == "10512").Select(s => s.Id).SingleAsync();

        var userId = await service.CreateAdminAsync(alliance, new SchoolAdminForm
        {
            SchoolId = schoolId, Email = "hubu-admin@wllm.test", DisplayName = "湖北大学就业处", Password = "Initial2026pass",
        });

        // Each check reads the account afresh, as a new sign-in request would.
        async Task<(UserManager<ApplicationUser> Users, SignInManager<ApplicationUser> SignIn, ApplicationUser Account)> Fresh()
        {
            var scope = world.Portal.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            return (users, scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>(), (await users.FindByIdAsync(userId))!);
        }

        var (users, signIn, account) = await Fresh();
        Assert.True(account.EmailConfirmed);
        Assert.Equal(schoolId, account.SchoolId);
        Assert.True(await users.IsInRoleAsync(account, Roles.SchoolAdmin));
        Assert.True((await signIn.CheckPasswordSignInAsync(account, "Initial2026pass", lockoutOnFailure: false)).Succeeded);

        var admins = await service.AdminsAsync(alliance, schoolId, new PageRequest(0, 20));
        Assert.Contains(admins.Items, a => a.Email == "hubu-admin@wllm.test" && !a.Disabled);

        var newPassword = await service.ResetPasswordAsync(alliance, userId);
        (users, signIn, account) = await Fresh();
        Assert.False(await users.CheckPasswordAsync(account, "Initial2026pass"));
        Assert.True(await users.CheckPasswordAsync(account, newPassword));

        await service.SetAdminEnabledAsync(alliance, userId, enabled: false);
        (users, signIn, account) = await Fresh();
        Assert.True((await signIn.CheckPasswordSignInAsync(account, newPassword, lockoutOnFailure: false)).IsLockedOut);
        Assert.True(Assert.Single((await service.AdminsAsync(alliance, schoolId, new PageRequest(0, 20))).Items, a => a.UserId == userId).Disabled);

        await service.SetAdminEnabledAsync(alliance, userId, enabled: true);
        (users, signIn, account) = await Fresh();
        Assert.True((await signIn.CheckPasswordSignInAsync(account, newPassword, lockoutOnFailure: false)).Succeeded);

        var taken = await Assert.ThrowsAsync<DomainException>(() => service.CreateAdminAsync(alliance, new SchoolAdminForm
        {
            SchoolId = schoolId, Email = "hubu-admin@wllm.test", DisplayName = "重复", Password = "Initial2026pass",
        }));
        Assert.Equal("该邮箱已注册，请换一个", taken.Message);
    }

    [Fact]
    public async Task Alliance_adds_edits_and_deactivates_schools_and_a_duplicate_code_is_refused()
    {
        var service = world.Get<AllianceService>();
        var id = await service.SaveSchoolAsync(alliance, new SchoolForm { Code = "10488", Name = "武汉科技大学", City = "湖北省 - 武汉市", JobSiteName = "武汉科技大学就业信息网" });

        var duplicate = await Assert.ThrowsAsync<DomainException>(() =>
            service.SaveSchoolAsync(alliance, new SchoolForm { Code = "10500", Name = "重复学校", City = "湖北省 - 武汉市", JobSiteName = "x" }));
        Assert.Equal(AllianceService.DuplicateCodeMessage, duplicate.Message);
        var form = (await service.GetSchoolAsync(alliance, id))!;
        form.Code = "10500";
        Assert.Equal(AllianceService.DuplicateCodeMessage, (await Assert.ThrowsAsync<DomainException>(() => service.SaveSchoolAsync(alliance, form))).Message);

        form.Code = "10488";
        form.JobSiteName = "武科大就业网";
        await service.SaveSchoolAsync(alliance, form);
        await service.SetSchoolActiveAsync(alliance, id, active: false);

        var row = Assert.Single((await service.SchoolsAsync(alliance, "10488", new PageRequest(0, 20))).Items);
        Assert.Equal(("武科大就业网", false, 0), (row.JobSiteName, row.IsActive, row.Admins));
        Assert.Equal(16, (await service.SchoolsAsync(alliance, null, new PageRequest(0, 20))).Total);
    }

    [Fact]
    public async Task Only_the_alliance_admin_may_manage_schools_and_accounts()
    {
        var service = world.Get<AllianceService>();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SchoolsAsync(world.SchoolAdmin(), null, new PageRequest(0, 20)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.CreateAdminAsync(world.SchoolAdmin(),
            new SchoolAdminForm { SchoolId = world.SchoolId, Email = "x@wllm.test", DisplayName = "x", Password = "Initial2026pass" }));
    }
}
