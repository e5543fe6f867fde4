using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// ASVS 2.7/2.8: school and alliance admins sign in with an authenticator app (TOTP) when
/// <c>Security:RequireTwoFactorForAdmins</c> is on. The test is the authenticator: it computes RFC 6238 codes
/// from the shared key the enrolment page shows.
/// </summary>
public sealed partial class TwoFactorTests : IAsyncLifetime
{
    private const string Password = "Wllm2026!demo";
    private static readonly string SchoolAdmin = DemoData.SchoolAdminEmail("10500");

    private readonly PortalFactory portal = new(seedDemo: true, settings: new Dictionary<string, string?>
    {
        ["Security:RequireTwoFactorForAdmins"] = "true",
        ["RateLimits:AccountPostsPerMinute"] = "1000",
    });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public void The_tests_authenticator_matches_the_RFC_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, key "12345678901234567890", T = 59 s: 94287082 (8 digits) → 287082 (6 digits).
        Assert.Equal("287082", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("081804", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(1111111109)));
    }

    [Fact]
    public async Task A_school_admin_without_an_authenticator_is_sent_to_enrol_from_every_route_of_the_portal()
    {
        using var client = await SignedInAsync(SchoolAdmin);
        var gated = new List<string>();
        var wrong = new List<string>();
        foreach (var pattern in AuthorizationMatrix.RoutePatterns(portal.Services))
        {
            // The account pages (enrolment, sign-out) and the public pages stay open.
            if (pattern.StartsWith("/Account/", StringComparison.Ordinal) || AuthorizationMatrix.IsPublic(pattern)) continue;
            // Other roles' areas stay 访问被拒绝 (the authorization middleware answers before the enrolment gate).
            if (AuthorizationMatrix.Expect(pattern, AuthorizationMatrix.School) == AuthorizationMatrix.Denied) continue;
            var address = AuthorizationMatrix.Address(pattern, 1);
            var outcome = await AuthorizationMatrixTests.OutcomeAsync(client, address);
            gated.Add(address);
            if (outcome != "302 /Account/Manage/EnableAuthenticator") wrong.Add($"{address}: {outcome}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Contains("/school", gated);
        Assert.Contains("/agreements/1.pdf", gated);
        Assert.Contains("/excel/exports/roster.xlsx", gated);
        Assert.Contains("/inbox", gated);

        // No circuit either (a circuit could route to the area without a request): the hub is refused.
        using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        Assert.Contains("须先启用双重验证", await negotiate.Content.ReadAsStringAsync());

        // The enrolment page itself explains why, in Chinese.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage/EnableAuthenticator"));
        Assert.Contains("必须启用双重验证后才能使用系统", page);
        Assert.Contains("data:image/png;base64,", page);
    }

    [Fact]
    public async Task Enrolling_with_a_code_from_the_shared_key_opens_the_area_and_the_next_sign_in_asks_for_the_code()
    {
        using var first = await SignedInAsync(SchoolAdmin);
        var key = await EnrolAsync(first);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(first, "/school"));

        // The next sign-in: the password alone does not open the area.
        using var second = Client();
        var afterPassword = await PostLoginAsync(second, SchoolAdmin, Password);
        Assert.Equal("/Account/LoginWith2fa", afterPassword.AbsolutePath);
        Assert.Equal("302 /Account/Login", await AuthorizationMatrixTests.OutcomeAsync(second, "/school"));

        // A wrong code is refused in Chinese and signs nobody in.
        var refused = await PostFormAsync(second, afterPassword.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = Totp.WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("错误：验证码不正确", refused.Body);
        Assert.Equal("302 /Account/Login", await AuthorizationMatrixTests.OutcomeAsync(second, "/school"));

        // The right code signs in and lands on the school's home.
        var accepted = await PostFormAsync(second, afterPassword.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.Equal("/school", accepted.Location);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(second, "/school"));

        await using var db = portal.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContext();
        var actions = await db.AuditLog.Where(e => e.Target == "账号 " + SchoolAdmin).Select(e => e.Action).ToListAsync();
        Assert.Contains(AuditActions.TwoFactorEnabled, actions);
        Assert.Contains(AuditActions.TwoFactorFailed, actions);
        Assert.Contains(AuditActions.SignInTwoFactor, actions);
    }

    [Fact]
    public async Task An_authenticator_code_is_accepted_once_only()
    {
        using var first = await SignedInAsync(SchoolAdmin);
        var (key, enrolmentCode) = await EnrolWithCodeAsync(first);

        // The code that just enrolled the app, replayed at a sign-in (still inside its time window): refused.
        using var replay = Client();
        var prompt = await PostLoginAsync(replay, SchoolAdmin, Password);
        var refused = await PostFormAsync(replay, prompt.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = enrolmentCode });
        Assert.Contains("错误：验证码不正确", refused.Body);

        // The app's next code works once; used again at another sign-in, it is refused.
        var next = Totp.Next(key);
        var accepted = await PostFormAsync(replay, prompt.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = next });
        Assert.Equal("/school", accepted.Location);
        using var again = Client();
        var secondPrompt = await PostLoginAsync(again, SchoolAdmin, Password);
        var reused = await PostFormAsync(again, secondPrompt.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = next });
        Assert.Contains("错误：验证码不正确", reused.Body);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_never_again()
    {
        using var first = await SignedInAsync(DemoData.AllianceEmail);
        var enrolment = await first.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey(enrolment);
        var done = await PostFormAsync(first, "/Account/Manage/EnableAuthenticator", "send-code", new() { ["Input.Code"] = Totp.Now(key) });
        var codes = RecoveryCode().Matches(done.Body).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        using var second = Client();
        Assert.Equal("/Account/LoginWith2fa", (await PostLoginAsync(second, DemoData.AllianceEmail, Password)).AbsolutePath);
        var used = await PostFormAsync(second, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", new() { ["Input.RecoveryCode"] = codes[3] });
        Assert.Equal("/admin", used.Location);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(second, "/admin"));

        using var third = Client();
        await PostLoginAsync(third, DemoData.AllianceEmail, Password);
        var again = await PostFormAsync(third, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", new() { ["Input.RecoveryCode"] = codes[3] });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("错误：恢复码不正确或已使用过", again.Body);
        Assert.Equal("302 /Account/Login", await AuthorizationMatrixTests.OutcomeAsync(third, "/admin"));

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Equal(9, await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(DemoData.AllianceEmail))!));
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_even_with_the_right_password()
    {
        using var first = await SignedInAsync(SchoolAdmin);
        var key = await EnrolAsync(first);

        using var attacker = Client();
        var prompt = await PostLoginAsync(attacker, SchoolAdmin, Password);
        for (var i = 0; i < 4; i++)
        {
            var r = await PostFormAsync(attacker, prompt.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = Totp.WrongCode(key) });
            Assert.Contains("验证码不正确", r.Body);
        }
        var fifth = await PostFormAsync(attacker, prompt.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = Totp.WrongCode(key) });
        Assert.Equal("/Account/Lockout", fifth.Location);

        // Locked: now even the right code is refused.
        var right = await PostFormAsync(attacker, prompt.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = Totp.Next(key) });
        Assert.Equal("/Account/Lockout", right.Location);
        Assert.Equal("302 /Account/Login", await AuthorizationMatrixTests.OutcomeAsync(attacker, "/school"));
    }

    [Fact]
    public async Task An_admin_may_not_switch_the_second_factor_off_while_it_is_required()
    {
        using var client = await SignedInAsync(SchoolAdmin);
        await EnrolAsync(client);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage/Disable2fa"));
        Assert.Contains("管理员账号必须使用双重验证，不能关闭", page);
        Assert.DoesNotContain("disable-2fa-submit", page);

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(SchoolAdmin))!));
    }

    [Theory]
    [InlineData(DemoData.EmployerEmail, "/employer")]
    [InlineData(DemoData.StudentEmail, "/student")]
    public async Task Employers_and_students_are_never_sent_to_enrol(string email, string home)
    {
        using var client = Client();
        var landing = await PostLoginAsync(client, email, Password);
        Assert.Equal(home, landing.AbsolutePath);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(client, home));
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(client, "/inbox"));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /// <summary>Visits the enrolment page, reads the shared key, answers with the current code; returns the key.</summary>
    private static async Task<string> EnrolAsync(HttpClient client) => (await EnrolWithCodeAsync(client)).Key;

    private static async Task<(string Key, string Code)> EnrolWithCodeAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey(page);
        var code = Totp.Now(key);
        var done = await PostFormAsync(client, "/Account/Manage/EnableAuthenticator", "send-code", new() { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("双重验证已启用", done.Body);
        Assert.Equal(10, RecoveryCode().Matches(done.Body).Count);
        return (key, code);
    }

    private static string SharedKey(string page) => WebUtility.HtmlDecode(SharedKeyPattern().Match(page).Groups[1].Value);

    private HttpClient Client() => portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Client();
        await PostLoginAsync(client, email, Password);
        return client;
    }

    /// <summary>Posts the login form; returns where it sends the browser.</summary>
    private static async Task<Uri> PostLoginAsync(HttpClient client, string email, string password)
    {
        var r = await PostFormAsync(client, "/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, r.Status);
        return new Uri(new Uri("http://localhost"), r.Location);
    }

    private sealed record FormResult(HttpStatusCode Status, string Body, string? Location);

    /// <summary>GETs the page for its antiforgery token, then posts the named Blazor form.</summary>
    private static async Task<FormResult> PostFormAsync(HttpClient client, string address, string formName, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(address);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryToken().Match(form).Groups[1].Value);
        using var response = await client.PostAsync(address, new FormUrlEncodedContent(fields));
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;
        // Razor encodes non-ASCII text in expressions (&#x...;): compare the text a user reads.
        return new FormResult(response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), location);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-testid=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>")]
    private static partial Regex RecoveryCode();
}
