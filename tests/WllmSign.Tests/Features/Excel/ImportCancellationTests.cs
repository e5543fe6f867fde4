using System.Data.Common;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Infrastructure;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Excel;

/// <summary>
/// Issue #17: closing the import dialog, or the end of the circuit (the tab closed), cancels the token the import
/// runs with; the import stops at its next step and saves nothing. The import is held at its first database command
/// so that the test closes the dialog mid-import on any machine.
/// </summary>
public sealed class ImportCancellationTests : ExcelTestBed
{
    private readonly BunitContext ctx = new();
    private readonly TokenGate gate = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(ExcelLimits.Default);
        ctx.Services.AddSingleton(SendListImport(new GatedFactory(Portal, gate)));
        ctx.Services.AddSingleton(RosterImport());
        ctx.Services.AddSingleton(new CircuitRateLimits(new CircuitRateLimitOptions(), Clock));
        ctx.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        ctx.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        ctx.Services.AddScoped<CurrentUserAccessor>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(EmployerName);
        auth.SetRoles(Roles.Employer);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, Employer.UserId), new Claim(PortalClaims.EmployerId, EmployerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public override async Task DisposeAsync()
    {
        gate.Release.TrySetResult();
        await ctx.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Opens the dialog, uploads a good file, clicks 导入 and waits until the import is held at its first query.</summary>
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, Task Run, CancellationToken Token)> StartImportAsync()
    {
        var school = await SchoolName(SchoolId);
        var s = (await StudentsOf(SchoolId)).First(x => x.GraduationYear == Year);
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var button = ctx.Render<ExcelImportButton>(p => p.Add(x => x.Kind, ExcelImportKind.SendList));
        _ = button.Find("[data-testid=excel-import-button]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.FindComponent<InputFile>());
        dialogs.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(SendListXlsx([Row(school, Year, s.Name, s.IdNumber)]), "名单.xlsx"));
        var run = dialogs.Find("[data-testid=excel-import-start]").ClickAsync(new());
        var token = await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(token.IsCancellationRequested);
        return (dialogs, run, token);
    }

    [Fact]
    public async Task Closing_the_dialog_mid_import_cancels_the_import_and_nothing_is_saved()
    {
        var before = await SnapshotAsync();
        var (dialogs, run, token) = await StartImportAsync();

        // Found and clicked inside the renderer's context: the running dialog re-renders (progress) in between otherwise.
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=excel-import-close]").ClickAsync(new()));
        Assert.True(token.IsCancellationRequested);

        gate.Release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_end_of_the_circuit_cancels_a_running_import()
    {
        var before = await SnapshotAsync();
        var (_, run, token) = await StartImportAsync();

        await ctx.DisposeAsync(); // the renderer disposes every component, as when the circuit ends
        Assert.True(token.IsCancellationRequested);

        gate.Release.SetResult();
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Holds the first query an import sends until released, and hands out the token that query runs with.</summary>
    private sealed class TokenGate : DbCommandInterceptor
    {
        public TaskCompletionSource<CancellationToken> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Entered.TrySetResult(cancellationToken)) await Release.Task;
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }

    private sealed class GatedFactory(PortalFactory portal, TokenGate gate) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => portal.PostgresConnectionString is { } postgres
            ? new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(postgres).AddInterceptors(gate).Options)
            : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={portal.DbPath}").AddInterceptors(gate).Options);
    }
}
