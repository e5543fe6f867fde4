using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.AllianceIdP;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// Employers sign in with their alliance account (decision 023) against a real OpenID Connect provider
/// (tools/WllmSign.AllianceIdP): first sign-in creates or links the employer by its credit code, a second reaches the
/// same record, sign-out ends both sessions, and a bad token, a replayed code or a bad credit code are refused.
/// </summary>
public sealed class AllianceSignInTests(BrowserFixture browser, AllianceWorld world) : IClassFixture<BrowserFixture>, IClassFixture<AllianceWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The test's pages close when it ends (<see cref="BrowserFixture.CloseContextsAsync"/>).</summary>
    public Task DisposeAsync() => browser.CloseContextsAsync();

    private async Task<(IBrowserContext Context, IPage Page, CspWatch Csp)> OpenAsync()
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        return (context, page, await CspWatch.AttachAsync(page));
    }

    /// <summary>From the portal's login page to the provider's, and signs in there with <paramref name="account"/>.</summary>
    private async Task SignInAtAllianceAsync(IPage page, AllianceAccount account, bool expectCredentials = true)
    {
        await page.GotoAsync(world.PortalAddress + "/Account/Login");
        var button = page.Locator("#external-alliance");
        await Assertions.Expect(button).ToHaveTextAsync("使用联盟账号登录");
        await button.ClickAsync();
        if (!expectCredentials) return;
        await page.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(world.IdpAddress + "/login")));
        await page.FillAsync("#idp-email", account.Email);
        await page.FillAsync("#idp-password", account.Password);
        await page.ClickAsync("#idp-submit");
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = world.Portal.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task A_new_employer_signs_in_at_the_alliance_lands_on_signing_info_confirmation_and_comes_back_to_the_same_record()
    {
        var account = AllianceAccounts.NewUnit;
        var (context, page, csp) = await OpenAsync();
        await using var _ = context;

        await SignInAtAllianceAsync(page, account);
        await page.WaitForUrlExplainedAsync(world.PortalAddress + "/employer/confirm");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid='confirm-intro']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(account.UnitName).First).ToBeVisibleAsync();
        await page.ShotAsync("alliance-new-employer-confirm");
        // The form post to /Account/ExternalLogin and its redirect to the provider passed the CSP (form-action).
        Assert.Empty(await csp.ViolationsAsync());

        var first = await WithDbAsync(db => db.Employers.AsNoTracking().Where(e => e.CreditCode == account.CreditCode)
            .Select(e => new { e.Id, e.Name, e.ContactName, e.Email }).SingleAsync());
        Assert.Equal((account.UnitName, account.ContactName, account.Email), (first.Name, first.ContactName, first.Email));
        Assert.Equal(1, await WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.ExternalAccountLinked && a.Target.Contains(account.CreditCode!))));

        // 退出 ends the portal's session and the alliance's: the next sign-in asks for the alliance password again.
        await page.Locator("form[action='Account/Logout'] button").ClickAsync();
        await page.WaitForUrlExplainedAsync(world.PortalAddress + "/Account/Login");
        var employerArea = await page.GotoAsync(world.PortalAddress + "/employer");
        Assert.StartsWith(world.PortalAddress + "/Account/Login", page.Url, StringComparison.Ordinal);

        await SignInAtAllianceAsync(page, account);
        await page.WaitForUrlExplainedAsync(world.PortalAddress + "/employer/confirm");
        await page.WaitInteractiveAsync();
        var again = await WithDbAsync(db => db.Employers.AsNoTracking().Where(e => e.CreditCode == account.CreditCode).Select(e => e.Id).ToListAsync());
        Assert.Equal([first.Id], again);
        var users = await WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.EmployerId == first.Id).Select(u => u.Id).ToListAsync());
        Assert.Single(users);
        // Linked once, signed in twice.
        Assert.Equal(1, await WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.ExternalAccountLinked && a.Target.Contains(account.CreditCode!))));
        Assert.Equal(2, await WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.SignIn && a.UserId == users[0])));
    }

    [Fact]
    public async Task An_alliance_account_with_an_existing_credit_code_reaches_that_employer()
    {
        var (context, page, _) = await OpenAsync();
        await using var __ = context;
        await SignInAtAllianceAsync(page, AllianceAccounts.DemoEmployer);
        await page.WaitForUrlExplainedAsync(world.PortalAddress + "/employer");
        await page.WaitInteractiveAsync();
        var info = page.Locator("[data-testid='employer-info']");
        await Assertions.Expect(info).ToContainTextAsync(DemoData.EmployerName);
        await Assertions.Expect(info).ToContainTextAsync(DemoData.EmployerCreditCode);
        var linked = await WithDbAsync(db => db.UserLogins.AsNoTracking()
            .Where(l => l.LoginProvider == ExternalProvider.AllianceScheme && l.ProviderKey == AllianceAccounts.DemoEmployer.Subject)
            .Join(db.Users, l => l.UserId, u => u.Id, (l, u) => u.Email).SingleAsync());
        Assert.Equal(DemoData.EmployerEmail, linked);
    }

    [Theory]
    [InlineData("BadCode", ExternalLoginRefusals.InvalidCreditCode, "统一社会信用代码无效")]
    [InlineData("NoCode", ExternalLoginRefusals.NoCreditCode, "未提供统一社会信用代码")]
    public async Task An_invalid_or_missing_credit_code_is_refused_with_a_clear_Chinese_message(string which, string code, string words)
    {
        var account = which == "BadCode" ? AllianceAccounts.BadCode : AllianceAccounts.NoCode;
        var (context, page, _) = await OpenAsync();
        await using var __ = context;
        var employersBefore = await WithDbAsync(db => db.Employers.CountAsync());

        await SignInAtAllianceAsync(page, account);
        await page.WaitForUrlExplainedAsync(world.PortalAddress + "/Account/Login?external=" + code);
        await Assertions.Expect(page.Locator("[data-testid='external-error']")).ToContainTextAsync(words);
        await page.ShotAsync("alliance-refused-" + code);

        Assert.Equal(employersBefore, await WithDbAsync(db => db.Employers.CountAsync()));
        Assert.False(await WithDbAsync(db => db.Users.AnyAsync(u => u.Email == account.Email)));
        await page.GotoAsync(world.PortalAddress + "/employer");
        Assert.StartsWith(world.PortalAddress + "/Account/Login", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdTokenFault.Tampered, "身份令牌签名无效")]
    [InlineData(IdTokenFault.WrongAudience, "身份令牌的受众不是本系统")]
    [InlineData(IdTokenFault.Expired, "身份令牌已过期")]
    public async Task A_tampered_misaddressed_or_expired_id_token_is_refused(IdTokenFault fault, string reason)
    {
        var account = AllianceAccounts.SecondUnit;
        var (context, page, _) = await OpenAsync();
        await using var __ = context;
        world.Faults.Current = fault;
        try
        {
            await SignInAtAllianceAsync(page, account);
            await page.WaitForUrlExplainedAsync(world.PortalAddress + "/Account/Login?external=" + ExternalLoginRefusals.Failed);
        }
        finally
        {
            world.Faults.Current = IdTokenFault.None;
        }
        await Assertions.Expect(page.Locator("[data-testid='external-error']")).ToContainTextAsync("外部账号登录失败");
        // Nobody signed in: not the unit, and not the employer the tampered token named.
        await page.GotoAsync(world.PortalAddress + "/employer");
        Assert.StartsWith(world.PortalAddress + "/Account/Login", page.Url, StringComparison.Ordinal);
        Assert.False(await WithDbAsync(db => db.Employers.AnyAsync(e => e.CreditCode == account.CreditCode)));
        Assert.False(await WithDbAsync(db => db.UserLogins.AnyAsync(l => l.ProviderKey == account.Subject)));
        Assert.Equal("使用联盟账号登录：" + reason, await LastFailureAsync());
    }

    /// <summary>The audit log's newest refused external sign-in: it says why.</summary>
    private Task<string> LastFailureAsync() => WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
        .Where(a => a.Action == AuditActions.SignInFailed && a.Target.StartsWith("使用联盟账号登录："))
        .OrderByDescending(a => a.Id).Select(a => a.Target).FirstAsync());

    [Fact]
    public async Task A_replayed_authorization_code_is_refused()
    {
        var (context, page, _) = await OpenAsync();
        await using var __ = context;
        string? callback = null;
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(world.PortalAddress + "/signin-alliance?", StringComparison.Ordinal)) callback ??= request.Url;
        };
        // At the provider's login page the portal's correlation and nonce cookies are set: a thief copies them.
        await page.GotoAsync(world.PortalAddress + "/Account/Login");
        await page.ClickAsync("#external-alliance");
        await page.WaitForUrlExplainedAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(world.IdpAddress + "/login")));
        // (They are scoped to the callback path /signin-alliance.)
        var cookies = (await context.CookiesAsync()).Where(c => c.Name.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal)
            || c.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce", StringComparison.Ordinal)).ToList();
        await page.FillAsync("#idp-email", AllianceAccounts.DemoEmployer.Email);
        await page.FillAsync("#idp-password", AllianceAccounts.DemoEmployer.Password);
        await page.ClickAsync("#idp-submit");
        await page.WaitForUrlExplainedAsync(world.PortalAddress + "/employer");
        Assert.NotNull(callback);
        Assert.Contains(cookies, c => c.Name.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal));

        // Another browser holding the same correlation cookies replays the callback: the provider refuses the used code.
        var (thief, stolen, _) = await OpenAsync();
        await using var ___ = thief;
        await thief.AddCookiesAsync(cookies.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await stolen.GotoAsync(callback!);
        await stolen.WaitForUrlExplainedAsync(world.PortalAddress + "/Account/Login?external=" + ExternalLoginRefusals.Failed);
        await Assertions.Expect(stolen.Locator("[data-testid='external-error']")).ToBeVisibleAsync();
        Assert.Equal("使用联盟账号登录：授权码无效或已使用", await LastFailureAsync());
        await stolen.GotoAsync(world.PortalAddress + "/employer");
        Assert.StartsWith(world.PortalAddress + "/Account/Login", stolen.Url, StringComparison.Ordinal);
    }
}
