using System.Net;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Features.Security;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Pages;

/// <summary>
/// Every page of every role (<see cref="PortalPages"/>) renders on this database provider: signed in through the login
/// form, each page answers 200 with its content inside the signed-in layout's &lt;main&gt;, not the error page and not a
/// redirect to the login. The page's own data is loaded while it renders on the server (its OnInitialized /
/// OnParametersSet), so a query the provider refuses fails here. On PostgreSQL this takes over from
/// <c>EndToEnd.AccessibilityTests</c>, which scans the same pages' markup in Chromium on SQLite only (decision 042).
/// </summary>
public sealed class EveryPageTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private PortalFactory portal = default!;
    private int effective;

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock);
        effective = await PortalPages.ArrangeAsync(portal, clock);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    public static TheoryData<string> Roles => new() { DemoData.EmployerEmail, DemoData.StudentEmail, DemoData.SchoolAdminEmail("10500"), DemoData.AllianceEmail };

    [Fact]
    public async Task Every_public_page_renders()
    {
        using var client = SessionClients.Browser(portal);
        foreach (var path in PortalPages.Public) await RendersAsync(client, path, signedIn: false);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_of_the_role_renders_with_its_data(string email)
    {
        using var client = SessionClients.Browser(portal);
        await SessionClients.SignInAsync(client, email);
        var paths = Assert.Single(PortalPages.ByRole(effective), r => r.Email == email).Paths;
        foreach (var path in paths.Append(PortalPages.ChangePassword)) await RendersAsync(client, path, signedIn: true);
    }

    private static async Task RendersAsync(HttpClient client, string path, bool signedIn)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        Assert.DoesNotContain("<h1>出错了</h1>", html, StringComparison.Ordinal);
        if (signedIn)
        {
            // The signed-in layout with the page inside its <main>, and the menu of a signed-in user.
            Assert.Matches("<main[^>]*>[\\s\\S]*\\S[\\s\\S]*</main>", html);
            Assert.Contains("data-testid=\"nav-menu\"", html, StringComparison.Ordinal);
        }
    }
}
