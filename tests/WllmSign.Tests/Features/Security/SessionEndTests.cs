using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.SchoolAdmin.Alliance;
using WllmSign.Tests.Features.Agreements;
using static WllmSign.Tests.Features.Security.SessionClients;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// ASVS 3.3.1/3.3.2 (decision 019): 退出 ends the session for every copy of its cookie; a disabled or locked-out
/// account's cookie stops working on every page and download, not only in open circuits.
/// </summary>
public sealed class SessionEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private AgreementTestBed bed = null!;
    private int signingId;

    public async Task InitializeAsync()
    {
        bed = await AgreementTestBed.StartAsync();
        signingId = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    /// <summary>Every GET route of the portal (pages and downloads), with the test signing's id in its parameter.</summary>
    private List<(string Pattern, string Address)> Routes() =>
        AuthorizationMatrix.RoutePatterns(bed.Portal.Services).Select(p => (p, AuthorizationMatrix.Address(p, signingId))).ToList();

    [Fact]
    public async Task A_cookie_copied_before_sign_out_gets_the_login_or_nothing_on_every_route_after_it()
    {
        using var owner = Browser(bed.Portal);
        var cookie = await SignInAsync(owner, DemoData.SchoolAdminEmail("10500"));
        using var copy = Replay(bed.Portal, cookie);

        // Before 退出 the copy is as good as the original: the school's pages, the full-ID roster, the ZIP.
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(copy, "/school"));
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(copy, "/excel/exports/roster.xlsx"));
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(copy, "/agreements/school.zip"));

        await SignOutAsync(owner, "/school");

        // After it, the copy is an anonymous visitor everywhere: the login for pages and Excel files, 404 for agreements.
        var wrong = new List<string>();
        foreach (var (pattern, address) in Routes())
        {
            var expected = AuthorizationMatrix.Expect(pattern, AuthorizationMatrix.Anonymous);
            var actual = await AuthorizationMatrixTests.OutcomeAsync(copy, address);
            if (actual != expected) wrong.Add($"{address}: {actual}, expected {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(AuthorizationMatrix.ToLogin, await AuthorizationMatrixTests.OutcomeAsync(copy, "/excel/exports/roster.xlsx"));
        Assert.Equal(AuthorizationMatrix.NotFound, await AuthorizationMatrixTests.OutcomeAsync(copy, "/agreements/school.zip"));
    }

    [Fact]
    public async Task Sign_out_on_one_server_ends_the_copy_on_another_server_of_the_same_database()
    {
        using var owner = Browser(bed.Portal);
        var cookie = await SignInAsync(owner, DemoData.EmployerEmail);
        // A second portal on the same database and key ring (as a second server behind the balancer).
        await using var second = bed.Portal.WithWebHostBuilder(_ => { });
        using var elsewhere = Replay(second, cookie);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(elsewhere, "/excel/exports/signings.xlsx"));

        await SignOutAsync(owner, "/employer");

        Assert.Equal(AuthorizationMatrix.ToLogin, await AuthorizationMatrixTests.OutcomeAsync(elsewhere, "/excel/exports/signings.xlsx"));
        Assert.Equal(AuthorizationMatrix.ToLogin, await AuthorizationMatrixTests.OutcomeAsync(elsewhere, "/employer"));
    }

    [Fact]
    public async Task A_disabled_school_admins_cookie_stops_working_on_downloads_at_once()
    {
        using var admin = Browser(bed.Portal);
        await SignInAsync(admin, DemoData.SchoolAdminEmail("10500"));
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(admin, $"/agreements/{signingId}.pdf"));

        await using (var scope = bed.Portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
            var alliance = CurrentUser.From(await signIn.CreateUserPrincipalAsync((await users.FindByEmailAsync(DemoData.AllianceEmail))!))!;
            var target = (await users.FindByEmailAsync(DemoData.SchoolAdminEmail("10500")))!;
            await bed.Portal.Services.GetRequiredService<AllianceService>().SetAdminEnabledAsync(alliance, target.Id, enabled: false);
        }

        Assert.Equal(AuthorizationMatrix.NotFound, await AuthorizationMatrixTests.OutcomeAsync(admin, $"/agreements/{signingId}.pdf"));
        Assert.Equal(AuthorizationMatrix.ToLogin, await AuthorizationMatrixTests.OutcomeAsync(admin, "/excel/exports/roster.xlsx"));
        Assert.Equal(AuthorizationMatrix.ToLogin, await AuthorizationMatrixTests.OutcomeAsync(admin, "/school"));
    }

    [Fact]
    public async Task A_locked_out_accounts_cookie_stops_working_even_with_an_unchanged_security_stamp()
    {
        using var employer = Browser(bed.Portal);
        await SignInAsync(employer, DemoData.EmployerEmail);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(employer, "/excel/exports/send-list.xlsx"));

        await using (var scope = bed.Portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(DemoData.EmployerEmail))!;
            var stamp = user.SecurityStamp;
            await users.SetLockoutEndDateAsync(user, bed.Clock.GetUtcNow().AddMinutes(15));
            Assert.Equal(stamp, (await users.FindByEmailAsync(DemoData.EmployerEmail))!.SecurityStamp);
        }

        Assert.Equal(AuthorizationMatrix.ToLogin, await AuthorizationMatrixTests.OutcomeAsync(employer, "/excel/exports/send-list.xlsx"));
        Assert.Equal(AuthorizationMatrix.NotFound, await AuthorizationMatrixTests.OutcomeAsync(employer, $"/agreements/{signingId}.pdf"));
    }

    [Fact]
    public async Task Sign_out_without_an_antiforgery_token_is_a_bad_request_and_ends_nothing()
    {
        using var employer = Browser(bed.Portal);
        await SignInAsync(employer, DemoData.EmployerEmail);
        using var forged = await employer.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("returnUrl", "/")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var empty = await employer.PostAsync("/Account/Logout", null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(employer, "/employer"));
    }

    [Fact]
    public async Task The_per_request_check_is_one_cheap_read_of_the_account()
    {
        System.Security.Claims.ClaimsPrincipal principal;
        await using (var scope = bed.Portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
            principal = await signIn.CreateUserPrincipalAsync((await users.FindByEmailAsync(DemoData.EmployerEmail))!);
        }
        var validator = bed.Portal.Services.GetRequiredService<WllmSign.Portal.Features.Security.SessionValidator>();
        for (var i = 0; i < 50; i++) Assert.True(await validator.IsValidAsync(principal, null, requireSignInTime: true));
        const int n = 1000;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < n; i++) await validator.IsValidAsync(principal, null, requireSignInTime: true);
        var perCheck = watch.Elapsed.TotalMilliseconds / n;
        output.WriteLine($"SessionValidator.IsValidAsync: {perCheck:F3} ms per check ({n} checks)");
        // Generous bound for a loaded 2-core machine (4.1 ms measured at load average 80; see docs/security.md):
        // it fails if the check grows into more than one read (e.g. loading roles and claims per request).
        Assert.True(perCheck < 25, $"{perCheck:F3} ms per check");
    }
}
