using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Accounts;

/// <summary>单位注册 and sign-in bookkeeping on the real portal services and a real SQLite file.</summary>
public sealed class RegistrationTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory portal;

    public RegistrationTests() => portal = new PortalFactory(clock: clock, servicesOnly: true);

    public Task InitializeAsync()
    {
        _ = portal.Services; // starts the host: migrations and roles
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static RegisterEmployerInput Input(string creditCode = "913101136915770276", string email = "hr@example.com") => new()
    {
        UnitName = "武汉测试科技有限公司",
        CreditCode = creditCode,
        ContactName = "李女士",
        ContactPhone = "027-87654321",
        Email = email,
        Password = "Abcdef12345",
        ConfirmPassword = "Abcdef12345",
    };

    private async Task<RegistrationResult> RegisterAsync(RegisterEmployerInput input)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmployerRegistrationService>().RegisterAsync(input);
    }

    private async Task<(int Employers, int Users)> CountAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Employers.CountAsync(), await db.Users.CountAsync());
    }

    [Fact]
    public async Task Registration_creates_the_unit_and_an_employer_account()
    {
        var result = await RegisterAsync(Input());
        Assert.True(result.Succeeded, string.Join(";", result.Errors));

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await users.FindByEmailAsync("hr@example.com");
        Assert.NotNull(user);
        Assert.True(await users.IsInRoleAsync(user, Roles.Employer));
        var employer = await db.Employers.SingleAsync(e => e.Id == user.EmployerId);
        Assert.Equal("武汉测试科技有限公司", employer.Name);
        Assert.Equal("913101136915770276", employer.CreditCode);
        Assert.False(user.EmailConfirmed);
    }

    [Fact]
    public async Task Registration_refuses_a_bad_credit_code_and_changes_nothing()
    {
        var result = await RegisterAsync(Input(creditCode: "913101136915770277"));
        Assert.False(result.Succeeded);
        Assert.Equal(["统一社会信用代码校验位错误，请核对"], result.Errors);
        Assert.Equal((0, 0), await CountAsync());
    }

    [Fact]
    public async Task A_duplicate_credit_code_creates_nothing_answers_as_a_new_registration_and_tells_the_unit_by_email()
    {
        Assert.True((await RegisterAsync(Input())).Succeeded);
        var mailBefore = Directory.Exists(portal.MailFolder) ? Directory.GetFiles(portal.MailFolder).Length : 0;
        var second = await RegisterAsync(Input(email: "other@example.com"));
        Assert.False(second.Succeeded);
        // No "该统一社会信用代码已注册": the page shows the same 请查收邮件 as for a new unit (decision 019).
        Assert.True(second.AlreadyRegistered);
        Assert.Empty(second.Errors);
        Assert.Equal((1, 1), await CountAsync());
        var mail = Directory.GetFiles(portal.MailFolder).Select(File.ReadAllText).ToList();
        Assert.Equal(mailBefore + 1, mail.Count);
        Assert.DoesNotContain(mail, m => m.Contains("other@example.com", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Registration_refuses_a_duplicate_email_and_leaves_no_orphan_unit()
    {
        Assert.True((await RegisterAsync(Input())).Succeeded);
        var second = await RegisterAsync(Input(creditCode: "91350100M000100Y43"));
        Assert.False(second.Succeeded);
        Assert.Contains(second.Errors, e => e.Contains("已被注册", StringComparison.Ordinal));
        Assert.Equal((1, 1), await CountAsync());
    }

    [Fact]
    public async Task Registration_refuses_a_malformed_phone()
    {
        var input = Input();
        input.ContactPhone = "12345";
        var result = await RegisterAsync(input);
        Assert.False(result.Succeeded);
        Assert.StartsWith("联系电话格式不正确", result.Errors.Single(), StringComparison.Ordinal);
        Assert.Equal((0, 0), await CountAsync());
    }

    [Fact]
    public async Task Last_login_time_and_ip_are_recorded_and_the_previous_one_kept()
    {
        var result = await RegisterAsync(Input());
        var recorder = portal.Services.GetRequiredService<LoginRecorder>();

        await recorder.RecordAsync(result.User!.Id, "10.1.2.3");
        clock.Advance(TimeSpan.FromHours(5));
        await recorder.RecordAsync(result.User.Id, "10.9.9.9");

        await using var scope = portal.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Id == result.User.Id);
        Assert.Equal("10.9.9.9", user.LastLoginIp);
        Assert.Equal(clock.GetUtcNow(), user.LastLoginAt);
        Assert.Equal("10.1.2.3", user.PreviousLoginIp);
        Assert.Equal(clock.GetUtcNow().AddHours(-5), user.PreviousLoginAt);
    }

    [Fact]
    public async Task Lockout_is_on_after_five_wrong_passwords()
    {
        var result = await RegisterAsync(Input());
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(result.User!.Id))!;
        for (var i = 0; i < 5; i++) await users.AccessFailedAsync(user);
        Assert.True(await users.IsLockedOutAsync(user));
    }
}
