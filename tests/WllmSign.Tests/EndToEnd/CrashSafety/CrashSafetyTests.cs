using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WllmSign.Domain.Audit;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Infrastructure;
using WllmSign.Tests.Features.Excel;
using WllmSign.Tests.Features.SchoolAdmin;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd.CrashSafety;

/// <summary>
/// SIGKILL in the middle of a batch 签约鉴证 and of a roster import (decision 014). The portal runs as a child
/// process on its own SQLite file; the test-only commit hold (<see cref="TestCommitPause"/>) stops one transaction
/// just before its COMMIT, with its rows written, and the test kills the process there. Afterwards the file must pass
/// SQLite's integrity check, hold each record whole or not at all, and the portal must start on it and finish the work.
/// </summary>
public sealed class CrashSafetyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string PostgresReason = "SIGKILL of a child portal on its own SQLite file; PostgreSQL's own WAL recovery is not the portal's to prove";
    private const string Password = "Wllm2026!demo";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "wllmsign-tests", "crash-" + Guid.NewGuid().ToString("N"));
    private string DbPath => Path.Combine(folder, "portal.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [SqliteOnlyFact(PostgresReason)]
    public async Task Killing_the_portal_during_a_batch_verification_leaves_every_record_whole_or_untouched()
    {
        const int batch = 12, heldAt = 5;
        List<int> ids;
        await using (var world = await SchoolAdminWorld.StartAsync())
        {
            ids = [];
            foreach (var student in world.Students.Take(batch)) ids.Add(await world.Given.Invites(student).Accepted());
            PortalProcess.Backup(world.Portal.DbPath, DbPath);
        }

        await using (var portal = await PortalProcess.StartAsync(DbPath, new Dictionary<string, string>
        {
            ["Testing:PauseCommitWritingTable"] = "AgreementCounters",
            ["Testing:PauseCommitNumber"] = heldAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }))
        {
            var page = await QueuePageAsync(portal, batch);
            await page.Locator("[data-testid='batch-approve']").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
            await portal.WaitForLineAsync(TestCommitPause.Marker);
            await portal.KillAsync();
            await page.Context.CloseAsync();
        }

        Assert.Equal("ok", await PortalProcess.IntegrityCheckAsync(DbPath));
        await using (var db = PortalProcess.OpenDatabase(DbPath))
        {
            var signings = await db.Signings.Include("_trail").Where(s => ids.Contains(s.Id)).ToListAsync();
            var done = signings.Where(s => s.Status == SigningStatus.Effective).ToList();
            var untouched = signings.Where(s => s.Status == SigningStatus.AwaitingVerification).ToList();
            // The records before the held one committed; the held one and the rest did not start or were rolled back.
            Assert.Equal(heldAt - 1, done.Count);
            Assert.Equal(batch - (heldAt - 1), untouched.Count);
            foreach (var s in done)
            {
                Assert.NotNull(s.AgreementNumber);
                Assert.Equal(TrailActions.ApproveVerification, s.Trail[^1].Action);
                Assert.Equal(1, await db.AuditLog.CountAsync(a => a.SigningId == s.Id && a.Action == AuditActions.VerificationApproved));
                Assert.Equal(2, await db.Notifications.CountAsync(n => n.Title == "签约鉴证通过" && n.Body.Contains(s.AgreementNumber!)));
            }
            foreach (var s in untouched)
            {
                Assert.Null(s.AgreementNumber);
                Assert.DoesNotContain(s.Trail, t => t.Action == TrailActions.ApproveVerification);
                Assert.False(await db.AuditLog.AnyAsync(a => a.SigningId == s.Id));
            }
            Assert.Equal(heldAt - 1, await db.Notifications.CountAsync(n => n.Title == "签约鉴证通过") / 2);
            // The agreement counter moved with the committed records only: no number was lost or given twice.
            Assert.Equal(heldAt - 1, await db.AgreementCounters.SumAsync(c => c.LastSequence));
            Assert.Equal(done.Count, done.Select(s => s.AgreementNumber).Distinct().Count());
        }

        // The portal starts on the file and the same batch finishes the rest.
        await using (var portal = await PortalProcess.StartAsync(DbPath))
        {
            var page = await QueuePageAsync(portal, batch - (heldAt - 1));
            await page.Locator("[data-testid='batch-approve']").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "确定通过" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid='batch-result']")).ToContainTextAsync($"{batch - (heldAt - 1)} 条鉴证通过");
            await page.Context.CloseAsync();
        }
        await using (var db = PortalProcess.OpenDatabase(DbPath))
        {
            var numbers = await db.Signings.Where(s => ids.Contains(s.Id)).Select(s => s.AgreementNumber).ToListAsync();
            Assert.All(numbers, Assert.NotNull);
            Assert.Equal(batch, numbers.Distinct().Count());
            Assert.Equal(batch, await db.AuditLog.CountAsync(a => a.Action == AuditActions.VerificationApproved));
        }
        Assert.Equal("ok", await PortalProcess.IntegrityCheckAsync(DbPath));
    }

    [SqliteOnlyFact(PostgresReason)]
    public async Task Killing_the_portal_during_a_roster_import_leaves_none_of_its_rows_and_a_rerun_imports_all()
    {
        const int count = 300;
        int before;
        byte[] xlsx;
        await using (var world = await SchoolAdminWorld.StartAsync())
        {
            await using var db = world.NewDb();
            before = await db.Students.CountAsync();
            var year = WllmSign.Domain.Students.GraduationYear.Current(world.Clock);
            var used = new HashSet<string>(await db.Students.Select(s => s.IdNumber).ToListAsync());
            var random = new Random(11);
            xlsx = ExcelTestBed.Xlsx(ExcelSheets.Roster.Headers, Enumerable.Range(0, count).Select(i => new object?[]
            {
                $"2099{i:D6}", $"导入{i:D4}", DemoData.NewIdNumber(random, year, used), "", "计算机学院", "软件工程", "本科生毕业", year, "", "", "",
            }));
            PortalProcess.Backup(world.Portal.DbPath, DbPath);
        }
        var file = Path.Combine(folder, "学生名单.xlsx");
        await File.WriteAllBytesAsync(file, xlsx);

        await using (var portal = await PortalProcess.StartAsync(DbPath, new Dictionary<string, string>
        {
            ["Testing:PauseCommitWritingTable"] = "Students",
        }))
        {
            var page = await RosterImportAsync(portal, file);
            await portal.WaitForLineAsync(TestCommitPause.Marker);
            await portal.KillAsync();
            await page.Context.CloseAsync();
        }

        Assert.Equal("ok", await PortalProcess.IntegrityCheckAsync(DbPath));
        await using (var db = PortalProcess.OpenDatabase(DbPath))
        {
            Assert.Equal(before, await db.Students.CountAsync());
            Assert.False(await db.Students.AnyAsync(s => s.Name.StartsWith("导入")));
        }

        await using (var portal = await PortalProcess.StartAsync(DbPath))
        {
            var page = await RosterImportAsync(portal, file);
            await Assertions.Expect(page.Locator("[data-testid='excel-import-summary']")).ToContainTextAsync($"{count}");
            await page.Context.CloseAsync();
        }
        await using (var db = PortalProcess.OpenDatabase(DbPath))
        {
            Assert.Equal(before + count, await db.Students.CountAsync());
            Assert.Equal(count, await db.Students.CountAsync(s => s.Name.StartsWith("导入")));
        }
        Assert.Equal("ok", await PortalProcess.IntegrityCheckAsync(DbPath));
    }

    private async Task<IPage> SignedInAsync(PortalProcess portal, string path)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(portal.BaseAddress, DemoData.SchoolAdminEmail("10500"), Password);
        await page.WaitForUrlExplainedAsync(portal.BaseAddress + "/school");
        await page.GotoAsync(portal.BaseAddress + path);
        await page.WaitInteractiveAsync();
        return page;
    }

    /// <summary>签约鉴证 with every row of the queue selected.</summary>
    private async Task<IPage> QueuePageAsync(PortalProcess portal, int expectedRows)
    {
        var page = await SignedInAsync(portal, "/school/verify/signings");
        await Assertions.Expect(page.Locator("[data-testid='queue-table'] tbody tr")).ToHaveCountAsync(expectedRows);
        await page.Locator("[data-testid='queue-table'] thead input[type='checkbox']").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.Locator("[data-testid='selected-count']")).ToHaveTextAsync($"已选 {expectedRows} 条");
        return page;
    }

    /// <summary>导入学生名单 on the roster page with <paramref name="file"/>.</summary>
    private async Task<IPage> RosterImportAsync(PortalProcess portal, string file)
    {
        var page = await SignedInAsync(portal, "/school/roster");
        await page.Locator("[data-testid='excel-import-button']").ClickAsync();
        await page.Locator("[data-testid='excel-import-dialog']").UploadFileAsync(file);
        await page.ShotAsync("roster-import-file-chosen");
        await page.Locator("[data-testid='excel-import-start']").ClickAsync();
        return page;
    }
}
