using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.DataCenter.Terminations;
using WllmSign.Portal.Features.Live;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>
/// 数据管理 and 解约办理 with the real list service: MudTabs reporting -1 (what it does while its panels are removed as the page
/// is left; the peak-load run saw circuits die on it) leaves the open tab and its list as they were.
/// </summary>
public sealed class DataTabsTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PortalFactory portal;
    private Given given = default!;
    private readonly BunitContext ctx = new();

    public DataTabsTests()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
    }

    public async Task InitializeAsync()
    {
        given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        ctx.Services.AddSingleton<TimeProvider>(clock);
        ctx.Services.AddSingleton<EmployerSigningListService>();
        ctx.Services.AddSingleton(portal.Services.GetRequiredService<EmployerTerminationService>());
        ctx.Services.AddSingleton(portal.Services.GetRequiredService<LiveNotifier>());
        // The pages reload their list through the circuit's live counts (decision 046), never started here.
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton<PendingCountsService>();
        ctx.Services.AddScoped<LiveCountsState>();
        ctx.Services.AddScoped<CurrentUserAccessor>();
        ctx.Services.AddScoped<WllmSign.Portal.Components.Layout.PageTitleState>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(given.EmployerName);
        auth.SetRoles(Roles.Employer);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, given.EmployerUser.UserId),
            new Claim(PortalClaims.EmployerId, given.EmployerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true)); // as in a circuit
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await portal.DisposeAsync();
    }

    private static List<string> Names(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        cut.FindAll("tbody tr").Select(r => r.TextContent).ToList();

    [Fact]
    public async Task Data_management_ignores_a_tab_index_of_minus_one_and_keeps_its_tab_and_list()
    {
        await given.Invites().Reaching(SigningState.Invited);
        await given.Invites().Reaching(SigningState.Effective);
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<DataManagementPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));
        var tabs = cut.FindComponent<MudTabs>();

        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(1)); // 待应约
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
        var before = cut.Find("tbody").TextContent;

        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(-1));
        cut.WaitForAssertion(() => Assert.Equal(before, cut.Find("tbody").TextContent));
        Assert.Contains("tab=1", cut.Find("[data-testid='excel-export-button']").GetAttribute("href") ?? "", StringComparison.Ordinal); // 待应约, as before the -1
    }

    [Fact]
    public async Task Terminations_ignores_a_tab_index_of_minus_one_and_keeps_its_tab_and_list()
    {
        await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await given.Invites().Reaching(SigningState.Effective);
        ctx.Render<MudPopoverProvider>();
        ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<TerminationsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
        var before = cut.Find("tbody").TextContent;
        var tabs = cut.FindComponent<MudTabs>();

        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(-1));
        cut.WaitForAssertion(() => Assert.Equal(before, cut.Find("tbody").TextContent));
    }
}
