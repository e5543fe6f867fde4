using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Diagnostics;

/// <summary>
/// The circuit-memory benchmark's endpoints (decision 033): off unless <c>Diagnostics:MemoryEndpoint=true</c>, and then
/// only the floor page a browser can open, from loopback.
/// </summary>
public sealed class MemoryDiagnosticsTests
{
    [Fact]
    public async Task Without_the_setting_neither_the_memory_endpoint_nor_the_floor_page_exists()
    {
        await using var portal = new PortalFactory(environment: "Production");
        using var client = portal.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var path in new[] { "/diagnostics/memory", "/diagnostics/counters", "/diagnostics/empty-circuit" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("<title>empty circuit</title>", await response.Content.ReadAsStringAsync()); // the floor page's title
        }
    }

    [Fact]
    public async Task With_the_setting_the_floor_page_is_one_interactive_component_and_Blazors_script()
    {
        await using var portal = new PortalFactory(kestrel: true, environment: "Production",
            settings: new Dictionary<string, string?> { ["Diagnostics:MemoryEndpoint"] = "true" });
        using var client = new HttpClient { BaseAddress = new Uri(portal.BaseAddress) };

        var html = await client.GetStringAsync("/diagnostics/empty-circuit");

        Assert.Contains("<title>empty circuit</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-interactive=\"no\"", html, StringComparison.Ordinal);      // prerendered, then interactive in its circuit
        Assert.Contains("<!--Blazor:{", html, StringComparison.Ordinal);                 // the interactive Server component's marker
        Assert.Contains("_framework/blazor.web.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-layout", html, StringComparison.Ordinal);             // no layout, no menu
    }

    [Fact]
    public async Task With_the_setting_the_counters_count_the_sql_commands_a_page_runs_and_the_bytes_it_allocates()
    {
        await using var portal = new PortalFactory(kestrel: true, environment: "Production",
            settings: new Dictionary<string, string?> { ["Diagnostics:MemoryEndpoint"] = "true" });
        using var client = new HttpClient { BaseAddress = new Uri(portal.BaseAddress) };

        var before = await client.GetFromJsonAsync<Counters>("/diagnostics/counters");
        await client.GetStringAsync("/Account/Login"); // a page: its rendering allocates
        var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var context = await db.CreateDbContextAsync())
        {
            await context.Signings.CountAsync();
            await context.Students.CountAsync();
        }
        var after = await client.GetFromJsonAsync<Counters>("/diagnostics/counters");

        Assert.True(after!.AllocatedBytes > before!.AllocatedBytes);
        Assert.True(after.CpuSeconds >= before.CpuSeconds);
        // At least the two queries (other tests of this process may run theirs at the same time: not exactly two).
        Assert.True(after.SqlCommands - before.SqlCommands >= 2, $"{after.SqlCommands - before.SqlCommands} SQL commands counted");
    }

    private sealed record Counters(long AllocatedBytes, long SqlCommands, double CpuSeconds);
}
