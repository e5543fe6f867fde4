using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>
/// The real portal with the demo data and signings made through the domain, as the screens would make
/// them: invited by the demo employer, accepted by the student, approved by the school's admin.
/// </summary>
public sealed partial class AgreementTestBed : IAsyncDisposable
{
    public const string Password = "Wllm2026!demo";
    public const string OtherEmployerEmail = "other-employer@wllm.test";
    public const string OtherStudentEmail = "other-student@wllm.test";

    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    public PortalFactory Portal { get; }
    public int EmployerId { get; private set; }
    public string EmployerName { get; private set; } = "";
    public int SchoolId { get; private set; }
    public int DemoStudentId { get; private set; }

    /// <summary>The demo employer's signings of this portal, with <see cref="NewOffer"/>'s full letter.</summary>
    public Given Given { get; private set; } = default!;

    public AgreementTestBed(bool kestrel = false, IReadOnlyDictionary<string, string?>? settings = null) => Portal = new PortalFactory(seedDemo: true, kestrel: kestrel, clock: Clock,
        // These tests sign in as many users against one portal: lift the per-address sign-in throttle.
        settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["RateLimits:AccountPostsPerMinute"] = "1000" });

    public static async Task<AgreementTestBed> StartAsync(bool kestrel = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var bed = new AgreementTestBed(kestrel, settings);
        if (kestrel) _ = bed.Portal.BaseAddress;
        await using var db = bed.NewDb();
        var demo = await DemoRecords.LoadAsync(db);
        (bed.EmployerId, bed.EmployerName, bed.SchoolId, bed.DemoStudentId) = (demo.EmployerId, demo.EmployerName, demo.SchoolId, demo.DemoStudentId);
        bed.Given = await Given.InAsync(bed.Portal, bed.Clock, offer: _ => bed.NewOffer());
        return bed;
    }

    public AppDbContext NewDb() => Portal.NewDb();

    /// <summary>Every field of the agreement filled (archive forwarded, hukou address), with the penalty the PDF tests read.</summary>
    public Offer NewOffer()
    {
        var draft = TestOffers.ForwardedDraft();
        draft.Penalty = 3000;
        draft.WorkPlace = "湖北省 - 武汉市 洪山区街道口银泰创意城1708室";
        return TestOffers.Create(draft, Clock);
    }

    public async Task<(string Number, string Code)> NumberAndCodeAsync(int signingId)
    {
        await using var db = NewDb();
        var s = await db.Signings.Where(x => x.Id == signingId).Select(x => new { x.AgreementNumber, x.VerificationCode }).SingleAsync();
        return (s.AgreementNumber!, s.VerificationCode!);
    }

    /// <summary>Another student of school 10500, of the demo student's year.</summary>
    public async Task<int> OtherStudentIdAsync(int skip = 0)
    {
        await using var db = NewDb();
        var year = await db.Students.Where(s => s.Id == DemoStudentId).Select(s => s.GraduationYear).SingleAsync();
        return await db.Students.Where(s => s.SchoolId == SchoolId && s.GraduationYear == year && s.Id != DemoStudentId)
            .OrderBy(s => s.Id).Skip(skip).Select(s => s.Id).FirstAsync();
    }

    /// <summary>A second employer and a second student with accounts of their own.</summary>
    public async Task AddOtherAccountsAsync()
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        const string first17 = "91420100MA4K1234X";
        var other = new Employer("武汉光谷测试科技有限公司", first17 + WllmSign.Domain.Common.CreditCode.ComputeCheck(first17), "李女士", "13900001111", OtherEmployerEmail, Clock.GetUtcNow());
        db.Employers.Add(other);
        await db.SaveChangesAsync();
        await CreateUserAsync(users, OtherEmployerEmail, Roles.Employer, u => u.EmployerId = other.Id);
        var otherStudent = await OtherStudentIdAsync(5);
        await CreateUserAsync(users, OtherStudentEmail, Roles.Student, u => u.StudentId = otherStudent);
    }

    private static async Task CreateUserAsync(UserManager<ApplicationUser> users, string email, string role, Action<ApplicationUser> link)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        link(user);
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
    }

    /// <summary>An HTTP client that keeps cookies and does not follow redirects; signed in when <paramref name="email"/> is given.</summary>
    public async Task<HttpClient> ClientAsync(string? email = null, WebApplicationFactory<Program>? factory = null)
    {
        var client = (factory ?? Portal).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (email is null) return client;
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Login", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public async ValueTask DisposeAsync() => await Portal.DisposeAsync();
}
