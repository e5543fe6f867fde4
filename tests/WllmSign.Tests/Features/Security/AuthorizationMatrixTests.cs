using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Employers;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Features.Agreements;
using Xunit.Abstractions;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// One portal with a signing of the demo employer and the demo student (Effective, so it has an agreement), the
/// users of every role, and a peer of each role who does not own that signing. Each user is signed in once.
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    public AgreementTestBed Bed { get; private set; } = null!;
    public int SigningId { get; private set; }
    public Dictionary<string, HttpClient> Clients { get; } = [];

    public async Task InitializeAsync()
    {
        Bed = await AgreementTestBed.StartAsync();
        await Bed.AddOtherAccountsAsync();
        await ConfirmOtherEmployerAsync();
        SigningId = await Bed.Given.Invites(Bed.DemoStudentId).Accepted().Verified();
        foreach (var (who, email) in AuthorizationMatrix.Users)
            Clients[who] = await Bed.ClientAsync(email);
    }

    /// <summary>The peer employer is a real, working employer: its signing information is confirmed (rule 13).</summary>
    private async Task ConfirmOtherEmployerAsync()
    {
        await using var db = Bed.NewDb();
        var other = await db.Employers.SingleAsync(e => e.Email == AgreementTestBed.OtherEmployerEmail);
        other.ConfirmSigningInfo(SigningInfo.Create("其他企业", "湖北省 - 武汉市", SigningInfoOptions.ArchiveNotReceived,
            null, null, null, null, null, SigningInfoOptions.HukouNotReceived, null), Bed.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var c in Clients.Values) c.Dispose();
        await Bed.DisposeAsync();
    }
}

/// <summary>
/// The intended access of every route. A route the table does not classify fails the test: whoever adds a page
/// decides here, consciously, who may open it.
/// </summary>
public static class AuthorizationMatrix
{
    public const string Anonymous = "anonymous";
    public const string Employer = "employer", Student = "student", School = "school", Alliance = "alliance";
    public const string OtherEmployer = "other-employer", OtherStudent = "other-student", OtherSchool = "other-school";

    public static readonly (string Who, string? Email)[] Users =
    [
        (Anonymous, null),
        (Employer, DemoData.EmployerEmail), (Student, DemoData.StudentEmail),
        (School, DemoData.SchoolAdminEmail("10500")), (Alliance, DemoData.AllianceEmail),
        (OtherEmployer, AgreementTestBed.OtherEmployerEmail), (OtherStudent, AgreementTestBed.OtherStudentEmail),
        (OtherSchool, DemoData.SchoolAdminEmail("10491")),
    ];

    public static string RoleOf(string who) => who switch
    {
        Employer or OtherEmployer => Roles.Employer,
        Student or OtherStudent => Roles.Student,
        School or OtherSchool => Roles.SchoolAdmin,
        Alliance => Roles.AllianceAdmin,
        _ => "",
    };

    public const string Ok = "200";
    public const string ToLogin = "302 /Account/Login";
    public const string Denied = "302 /Account/AccessDenied";
    public const string NotFound = "404";

    /// <summary>Role areas by prefix: only that role; anonymous to the login, every other role to 访问被拒绝.</summary>
    private static readonly (string Prefix, string[] Roles)[] Areas =
    [
        ("/employer", [Roles.Employer]),
        ("/student", [Roles.Student]),
        ("/school", [Roles.SchoolAdmin]),
        ("/admin", [Roles.AllianceAdmin]),
        ("/inbox", [Roles.Employer, Roles.Student, Roles.SchoolAdmin]),
        ("/Account/Manage", Roles.All),
    ];

    /// <summary>Pages anyone may open, signed in or not.</summary>
    private static readonly string[] PublicPages =
    [
        "/Account/Login", "/Account/Register", "/Account/Claim", "/Account/AccessDenied", "/Account/Lockout",
        "/verify", "/not-found", "/Error", "/Account/RegisterConfirmation",
        "/verify/alliance-ca.crt", // the alliance CA certificate (public by nature: the trust anchor of the offline check)
        "/theme.css", // the theme's CSS variables (no user data), like the static files
    ];

    /// <summary>Public pages that need their query (a user id and a code): without it they send the visitor home.</summary>
    private static readonly string[] PublicPagesNeedingQuery = ["/Account/ConfirmEmail"];

    /// <summary>The second sign-in step: only after a correct password (Identity's two-factor cookie); otherwise back to the login.</summary>
    private static readonly string[] SecondFactorPages = ["/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    /// <summary>Account pages that need two-factor authentication switched on: without it they send the user to 双重验证.</summary>
    private static readonly string[] PagesNeedingTwoFactor = ["/Account/Manage/Disable2fa", "/Account/Manage/GenerateRecoveryCodes"];

    /// <summary>
    /// 设置密码 is for accounts created through an identity provider, which have no password yet; every test user has one,
    /// so it sends them to 修改密码.
    /// </summary>
    private const string SetPasswordPage = "/Account/Manage/SetPassword";

    /// <summary>Record routes: the owners of the test signing; a peer of the same role gets 404 (never the data).</summary>
    private static readonly Dictionary<string, string[]> RecordOwners = new(StringComparer.Ordinal)
    {
        ["/employer/data/{Id:int}"] = [Employer],
        ["/student/invitations/{Id:int}"] = [Student],
        ["/school/data/{Id:int}"] = [School],
    };

    /// <summary>Downloads: their owners get the file; everyone else, anonymous included, gets 404 (existence is not revealed).</summary>
    private static readonly Dictionary<string, string[]> Downloads = new(StringComparer.Ordinal)
    {
        ["/agreements/{signingId:int}.pdf"] = [Employer, Student, School],
        ["/agreements/school.zip"] = [School, OtherSchool],
    };

    /// <summary>Role-restricted downloads (Excel templates and exports): the role gets the file, anonymous the login, other roles 访问被拒绝.</summary>
    private static readonly Dictionary<string, string> RoleDownloads = new(StringComparer.Ordinal)
    {
        ["/excel/templates/send-list.xlsx"] = Roles.Employer,
        ["/excel/exports/send-list.xlsx"] = Roles.Employer,
        ["/excel/exports/signings.xlsx"] = Roles.Employer,
        ["/excel/templates/roster.xlsx"] = Roles.SchoolAdmin,
        ["/excel/exports/roster.xlsx"] = Roles.SchoolAdmin,
        ["/excel/exports/placement.xlsx"] = Roles.SchoolAdmin,
        ["/excel/exports/school-signings.xlsx"] = Roles.SchoolAdmin,
    };

    /// <summary>
    /// Downloads addressed by an unguessable id that only their creator holds (an import's rejected rows): the
    /// matrix requests an id nobody created, which is 404 for everyone.
    /// </summary>
    private static readonly string[] PrivateIdDownloads = ["/excel/rejected/{id:guid}.xlsx"];

    /// <summary>
    /// Framework plumbing that is not a page: the circuit hub, the Identity form posts (antiforgery-protected), and
    /// the development-time static file fallback of MapStaticAssets (wwwroot files: public by design, no user data).
    /// </summary>
    private static readonly string[] NotPages = ["/_blazor", "/_framework/", "/Account/Logout", "/{**path:file}"];

    /// <summary>The expected outcome for <paramref name="who"/>, or null when the route is not classified.</summary>
    public static string? Expect(string pattern, string who)
    {
        var role = RoleOf(who);
        if (pattern == "/") return who == Anonymous ? "302 /Account/Login" : "302 " + Roles.HomeOf(role);
        if (PublicPages.Contains(pattern, StringComparer.Ordinal)) return Ok;
        if (PublicPagesNeedingQuery.Contains(pattern, StringComparer.Ordinal)) return "302 /";
        if (SecondFactorPages.Contains(pattern, StringComparer.Ordinal)) return ToLogin;
        if (PagesNeedingTwoFactor.Contains(pattern, StringComparer.Ordinal))
            return who == Anonymous ? ToLogin : "302 /Account/Manage/TwoFactorAuthentication";
        if (pattern == SetPasswordPage) return who == Anonymous ? ToLogin : "302 /Account/Manage/ChangePassword";
        if (Downloads.TryGetValue(pattern, out var fileOwners)) return fileOwners.Contains(who) ? Ok : NotFound;
        if (PrivateIdDownloads.Contains(pattern, StringComparer.Ordinal)) return NotFound;
        if (RoleDownloads.TryGetValue(pattern, out var downloadRole))
            return who == Anonymous ? ToLogin : role == downloadRole ? Ok : Denied;

        var area = Areas.FirstOrDefault(a => pattern == a.Prefix || pattern.StartsWith(a.Prefix + "/", StringComparison.Ordinal));
        if (area.Prefix is null) return null;
        if (who == Anonymous) return ToLogin;
        if (!area.Roles.Contains(role)) return Denied;
        if (!pattern.Contains('{', StringComparison.Ordinal)) return Ok;
        if (!RecordOwners.TryGetValue(pattern, out var owners)) return null;
        return owners.Contains(who) ? Ok : NotFound;
    }

    /// <summary>Pages anyone may open (for the two-factor gate test: they stay open to an admin who has not enrolled).</summary>
    public static bool IsPublic(string pattern) => PublicPages.Contains(pattern, StringComparer.Ordinal);

    /// <summary>
    /// Every page (Razor component endpoint) and every minimal-API GET endpoint of the app's own route table.
    /// Static files (MapStaticAssets) are left out: they are public by design and carry no user data.
    /// </summary>
    public static IReadOnlyList<string> RoutePatterns(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
                || e.Metadata.GetMetadata<System.Reflection.MethodInfo>() is not null
                || e.RoutePattern.Parameters.Count > 0)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } m || m.HttpMethods.Count == 0 || m.HttpMethods.Contains("GET"))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !IsPlumbing(p))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static bool IsPlumbing(string pattern) =>
        NotPages.Any(p => pattern.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The address to request: the test signing's id in place of the route's parameter.</summary>
    public static string Address(string pattern, int signingId) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", signingId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixFixture>
{
    private IReadOnlyList<string> RoutePatterns() => AuthorizationMatrix.RoutePatterns(fixture.Bed.Portal.Services);

    [Fact]
    public void Every_route_is_classified_in_the_expectation_table()
    {
        var patterns = RoutePatterns();
        output.WriteLine(string.Join(Environment.NewLine, patterns));
        var unclassified = patterns.Where(p => AuthorizationMatrix.Users.Any(u => AuthorizationMatrix.Expect(p, u.Who) is null)).ToList();
        Assert.True(unclassified.Count == 0,
            "Routes nobody decided access for (add them to AuthorizationMatrix): " + string.Join(", ", unclassified));
        // The table is read from the real route table: it must at least hold the pages and downloads we know of.
        Assert.Contains("/employer/data/{Id:int}", patterns);
        Assert.Contains("/agreements/{signingId:int}.pdf", patterns);
        Assert.Contains("/admin/school-admins", patterns);
    }

    [Fact]
    public async Task Every_route_answers_each_user_exactly_as_intended()
    {
        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var pattern in RoutePatterns())
        {
            foreach (var (who, _) in AuthorizationMatrix.Users)
            {
                var expected = AuthorizationMatrix.Expect(pattern, who);
                if (expected is null) continue; // reported by Every_route_is_classified_in_the_expectation_table
                var address = AuthorizationMatrix.Address(pattern, fixture.SigningId);
                var actual = await OutcomeAsync(fixture.Clients[who], address);
                checkedCount++;
                if (actual != expected) wrong.Add($"{address} as {who}: expected {expected}, got {actual}");
            }
        }
        output.WriteLine($"{checkedCount} route × user checks");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.True(checkedCount > 150, $"only {checkedCount} checks ran");
    }

    [Fact]
    public async Task A_record_route_with_an_unknown_id_is_404_for_its_own_role()
    {
        foreach (var (pattern, who) in new[] { ("/employer/data/{Id:int}", AuthorizationMatrix.Employer), ("/student/invitations/{Id:int}", AuthorizationMatrix.Student), ("/school/data/{Id:int}", AuthorizationMatrix.School) })
        {
            var actual = await OutcomeAsync(fixture.Clients[who], AuthorizationMatrix.Address(pattern, 987_654));
            Assert.Equal(AuthorizationMatrix.NotFound, actual);
        }
    }

    /// <summary>"200", "404", or "302 /path" (the redirect's path without its query).</summary>
    public static async Task<string> OutcomeAsync(HttpClient client, string address)
    {
        using var response = await client.GetAsync(address);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.RedirectKeepVerb)) return status;
        var location = response.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
        return status + " " + path;
    }
}
