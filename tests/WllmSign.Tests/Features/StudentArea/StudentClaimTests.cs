using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Students;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.StudentArea;

namespace WllmSign.Tests.Features.StudentArea;

/// <summary>学生账号认领 on real SQLite: all four roster keys, once per record, throttled per client address.</summary>
public sealed class StudentClaimTests : StudentAreaTestBase
{
    private Student unclaimed = default!;
    private Student claimed = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = NewDb();
        var claimedId = await db.Users.Where(u => u.Email == DemoData.StudentEmail).Select(u => u.StudentId!.Value).SingleAsync();
        claimed = await db.Students.AsNoTracking().SingleAsync(s => s.Id == claimedId);
        unclaimed = await db.Students.AsNoTracking().FirstAsync(s => s.SchoolId == SchoolId && s.Id != claimedId);
    }

    private static ClaimInput Input(Student s, string email = "grad@example.com") => new()
    {
        SchoolId = s.SchoolId,
        GraduationYear = s.GraduationYear,
        Name = s.Name,
        IdNumber = s.IdNumber,
        Email = email,
        Password = "Graduate2027",
        ConfirmPassword = "Graduate2027",
    };

    private async Task<ClaimResult> ClaimAsync(ClaimInput input, string ip = "10.0.0.1")
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StudentClaimService>().ClaimAsync(input, ip);
    }

    private async Task<int> AccountsOfAsync(int studentId)
    {
        await using var db = NewDb();
        return await db.Users.CountAsync(u => u.StudentId == studentId);
    }

    public static TheoryData<string> WrongKeys => new() { "school", "year", "name", "id" };

    [Theory]
    [MemberData(nameof(WrongKeys))]
    public async Task Claim_with_one_wrong_key_finds_nothing_and_does_not_say_which(string wrongKey)
    {
        await using var db = NewDb();
        var otherSchool = await db.Schools.Where(s => s.Id != SchoolId).Select(s => s.Id).FirstAsync();
        var input = Input(unclaimed);
        switch (wrongKey)
        {
            case "school": input.SchoolId = otherSchool; break;
            case "year": input.GraduationYear = unclaimed.GraduationYear - 1; break;
            case "name": input.Name = unclaimed.Name + "某"; break;
            case "id": input.IdNumber = DemoData.NewIdNumber(new Random(7), unclaimed.GraduationYear, [unclaimed.IdNumber]); break;
        }

        var result = await ClaimAsync(input);

        Assert.False(result.Succeeded);
        Assert.Equal([StudentClaimService.NoMatchMessage], result.Errors);
        Assert.Equal(0, await AccountsOfAsync(unclaimed.Id));
    }

    [Fact]
    public async Task Claim_of_an_already_claimed_record_gets_the_same_answer_as_wrong_keys_and_the_owner_is_told_by_email()
    {
        var wrongKeys = Input(claimed, "another@example.com");
        wrongKeys.Name += "某";
        var refusedWrong = await ClaimAsync(wrongKeys);
        var mailBefore = Directory.Exists(Portal.MailFolder) ? Directory.GetFiles(Portal.MailFolder).Length : 0;

        var result = await ClaimAsync(Input(claimed, "another@example.com"));

        // No enumeration: nobody can tell a claimed graduate from keys that match nobody (decision 019).
        Assert.Equal(refusedWrong.Errors, result.Errors);
        Assert.Equal([StudentClaimService.NoMatchMessage], result.Errors);
        Assert.Equal(1, await AccountsOfAsync(claimed.Id));
        var mail = Directory.GetFiles(Portal.MailFolder).Select(File.ReadAllText).ToList();
        Assert.Equal(mailBefore + 1, mail.Count);
        Assert.Contains(mail, m => m.Contains(DemoData.StudentEmail, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Claim_attempts_are_throttled_per_client_address()
    {
        var wrong = Input(unclaimed);
        wrong.Name = "不存在";
        for (var i = 0; i < 10; i++)
            Assert.Equal([StudentClaimService.NoMatchMessage], (await ClaimAsync(wrong, "10.0.0.9")).Errors);

        // The 11th attempt within 10 minutes is refused even with the right keys …
        var refused = Assert.Single((await ClaimAsync(Input(unclaimed), "10.0.0.9")).Errors);
        Assert.StartsWith("认领尝试过于频繁，请 ", refused, StringComparison.Ordinal);
        Assert.Equal(0, await AccountsOfAsync(unclaimed.Id));
        // … while another address is not affected, and the same address may try again after the window.
        Assert.Equal([StudentClaimService.NoMatchMessage], (await ClaimAsync(wrong, "10.0.0.10")).Errors);
        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True((await ClaimAsync(Input(unclaimed), "10.0.0.9")).Succeeded);
    }

    [Fact]
    public async Task Claim_with_matching_keys_creates_an_unconfirmed_student_account_linked_to_the_record()
    {
        var input = Input(unclaimed);
        input.IdNumber = unclaimed.IdNumber.ToLowerInvariant() + " "; // a trailing space or a lower-case x still matches

        var result = await ClaimAsync(input);

        Assert.True(result.Succeeded, string.Join(";", result.Errors));
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync("grad@example.com");
        Assert.NotNull(user);
        Assert.Equal("grad@example.com", user.UserName);
        Assert.Equal(unclaimed.Id, user.StudentId);
        Assert.Equal(unclaimed.Name, user.DisplayName);
        Assert.False(user.EmailConfirmed);
        Assert.Equal([Roles.Student], await users.GetRolesAsync(user));
        Assert.True(await users.CheckPasswordAsync(user, "Graduate2027"));

        // The same record cannot be claimed twice.
        Assert.Equal([StudentClaimService.NoMatchMessage], (await ClaimAsync(Input(unclaimed, "second@example.com"))).Errors);
    }

    [Fact]
    public async Task Claim_with_a_short_password_is_refused_by_the_identity_policy_and_creates_nothing()
    {
        var input = Input(unclaimed);
        input.Password = input.ConfirmPassword = "short1A";

        var result = await ClaimAsync(input);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("10", StringComparison.Ordinal));
        Assert.Equal(0, await AccountsOfAsync(unclaimed.Id));
    }
}
