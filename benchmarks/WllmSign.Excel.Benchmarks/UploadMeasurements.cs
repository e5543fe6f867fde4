using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Residencies;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Infrastructure;
using WllmSign.Tests.Features.Excel; // HostileWorkbooks, linked from the test project

namespace WllmSign.Excel.Benchmarks;

/// <summary>
/// Issue #17 and #19 figures, measured through the service the import dialog calls (<see cref="SendListImportService.ImportAsync"/>)
/// with the uploaded bytes in a stream, in this process alone (so its CPU time is the import's):
/// <list type="bullet">
/// <item><c>upload</c>: hostile files (HostileWorkbooks) refused: CPU, wall time, bytes allocated during the call and heap
/// kept after it; a cancelled import; the normal 10,000-row file as the baseline.</item>
/// <item><c>upload --big PATH</c>: a 10,000-row import into a database from tools/WllmSign.DataGen (≥ 100,000 students,
/// 1M signings), with a send list of ≥ 50,000 rows added first; per-step timings from the progress reports.</item>
/// </list>
/// dotnet run -c Release --project benchmarks/WllmSign.Excel.Benchmarks -- upload [--big /tmp/wllm-big.db]
/// </summary>
public static class UploadMeasurements
{
    public static async Task RunAsync(string[] args)
    {
        Console.WriteLine($"load average at start: {LoadAverage()}");
        var big = args.Length >= 2 && args[0] == "--big" ? args[1] : null;
        if (big is null) await HostileAsync();
        else await BigDatabaseAsync(big);
        Console.WriteLine($"load average at end: {LoadAverage()}");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static async Task HostileAsync()
    {
        using var db = new BenchmarkDatabase();
        await db.CreateAsync();
        var students = db.SeedStudents(12_000);
        var service = new SendListImportService(db.Factory, TimeProvider.System, new RejectedRowsStore(TimeProvider.System), ExcelLimits.Default,
            new CircuitRateLimits(new CircuitRateLimitOptions(), TimeProvider.System));
        var headers = ExcelSheets.SendList.Headers;
        object?[] Row(int i) => [db.SchoolName, BenchmarkDatabase.Year, students[i % students.Count].Name, students[i % students.Count].IdNumber];
        byte[] Good(int count) => ImportBenchmarks.BuildFile(students.Take(count).Select(s => (db.SchoolName, BenchmarkDatabase.Year, s.Name, s.IdNumber)));
        var normal = Good(10_000);

        // Warm-up (JIT, EF model, SQLite) with a small good file; then the send list is emptied.
        await service.ImportAsync(db.Employer, new MemoryStream(Good(50)));
        db.Execute("DELETE FROM SendList");

        Console.WriteLine("| file | upload size | refused with | CPU | wall | allocated during the call | heap kept after |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        var baseline = await MeasureAsync("normal 10,000-row file (imported: the baseline)", normal, service, db.Employer);
        db.Execute("DELETE FROM SendList");
        var files = new (string Name, Func<byte[]> Build)[]
        {
            ("inflates to 500 MB of sheet XML", () => HostileWorkbooks.Inflating(headers, 500L * 1024 * 1024)),
            ("same, directory claims 1,000 bytes a part", () => HostileWorkbooks.LyingSizes(HostileWorkbooks.Inflating(headers, 500L * 1024 * 1024), 1000)),
            ("2,000 rows, 姓名 of 40,000 characters", () => HostileWorkbooks.LongCells(headers, 2, 2_000, 40_000, Row)),
            ("5,000 rows, 姓名 of 40,000 characters", () => HostileWorkbooks.LongCells(headers, 2, 5_000, 40_000, Row)),
            ("one cell of 200,000,000 characters", () => HostileWorkbooks.LongCells(headers, 2, 1, 200_000_000, Row, fill: 'a')),
            ("2,000 rows, 姓名 of 5,000 characters (under the part cap)", () => HostileWorkbooks.LongCells(headers, 2, 2_000, 5_000, Row)),
            ("one shared string of 5,000 characters in 2,000 rows", () => HostileWorkbooks.LongSharedCell(headers, 2, 2_000, 5_000, Row)),
        };
        foreach (var (name, build) in files)
        {
            var file = build();
            GC.Collect();
            var m = await MeasureAsync(name, file, service, db.Employer);
            Console.WriteLine($"    CPU ratio to the baseline: {m.Cpu.TotalMilliseconds / baseline.Cpu.TotalMilliseconds:F3}");
        }

        // Cancelled mid-import: a file that is legal but slow to read (a 30 MB sheet of padded empty rows, under the
        // part cap), cancelled 300 ms after the import started; how long it goes on using CPU after the cancel.
        var slow = HostileWorkbooks.Inflating(headers, 30L * 1024 * 1024);
        foreach (var delay in new[] { 100, 300, 600 })
        {
            using var cts = new CancellationTokenSource();
            var run = Task.Run(() => service.ImportAsync(db.Employer, new MemoryStream(slow), null, cts.Token));
            await Task.Delay(delay);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            cts.Cancel();
            string outcome;
            try { await run; outcome = "finished before the cancel"; }
            catch (OperationCanceledException) { outcome = "cancelled"; }
            catch (DomainException ex) { outcome = "refused: " + ex.Message; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cancel after {delay} ms: {outcome}; stopped {wall.Elapsed.TotalMilliseconds:F0} ms after the cancel, CPU used meanwhile {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds:F0} ms"));
        }
    }

    private sealed record Measured(TimeSpan Cpu, TimeSpan Wall, long Allocated, long Kept);

    private static async Task<Measured> MeasureAsync(string name, byte[] file, SendListImportService service, CurrentUser user)
    {
        var heap0 = GC.GetTotalMemory(true);
        var alloc0 = GC.GetTotalAllocatedBytes(true);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        string outcome;
        try
        {
            var result = await service.ImportAsync(user, new MemoryStream(file));
            outcome = $"imported {result.Added}, rejected {result.Rejected.Count}";
        }
        catch (DomainException ex) { outcome = ex.Message; }
        wall.Stop();
        var m = new Measured(Process.GetCurrentProcess().TotalProcessorTime - cpu0, wall.Elapsed, GC.GetTotalAllocatedBytes(true) - alloc0, GC.GetTotalMemory(true) - heap0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {file.Length / 1024.0:N0} KB | {outcome} | {m.Cpu.TotalMilliseconds:F0} ms | {m.Wall.TotalMilliseconds:F0} ms | {m.Allocated / 1048576.0:F1} MB | {m.Kept / 1048576.0:F1} MB |"));
        return m;
    }

    private static async Task BigDatabaseAsync(string path)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString();
        var services = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connection).UseApplicationServiceProvider(services).Options;
        var factory = Database.AsAppDbContextFactory(new PooledDbContextFactory<SqliteAppDbContext>(options));
        const int employerId = 1;

        await using (var db = await factory.CreateDbContextAsync())
        {
            Console.WriteLine($"students {await db.Students.CountAsync():N0}, signings {await db.Signings.CountAsync():N0}, send list {await db.SendList.CountAsync():N0}");
            if (await db.SendList.CountAsync() < 50_000)
            {
                // A send list of 60,000 rows across 600 employers (set-up, not measured).
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT OR IGNORE INTO SendList (EmployerId, StudentId, AddedAt)
                    SELECT 2 + (s.Id % 600), s.Id, '2026-11-01 00:00:00+00:00' FROM Students s WHERE s.Id % 8 = 3 LIMIT 60000
                    """);
                Console.WriteLine($"send list now {await db.SendList.CountAsync():N0}");
            }
        }

        List<(string, int, string, string)> rows;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var schools = await db.Residencies.Where(r => r.EmployerId == employerId && r.Status == ResidencyStatus.Approved).Select(r => r.SchoolId).ToListAsync();
            var names = await db.Schools.Where(s => schools.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name);
            rows = (await db.Students.AsNoTracking().Where(s => schools.Contains(s.SchoolId)).OrderBy(s => s.Id).Take(10_000)
                .Select(s => new { s.SchoolId, s.GraduationYear, s.Name, s.IdNumber }).ToListAsync())
                .Select(s => (names[s.SchoolId], s.GraduationYear, s.Name, s.IdNumber)).ToList();
            Console.WriteLine($"employer {employerId}: resident at {schools.Count} schools; file of {rows.Count:N0} rows");
        }
        var file = ImportBenchmarks.BuildFile(rows);
        var user = new CurrentUser("bench-employer", "bench", Roles.Employer, employerId, null, null);
        var service = new SendListImportService(factory, TimeProvider.System, new RejectedRowsStore(TimeProvider.System), ExcelLimits.Default,
            new CircuitRateLimits(new CircuitRateLimitOptions(), TimeProvider.System));
        var marker = DateTimeOffset.UtcNow;

        for (var run = 0; run < 4; run++)
        {
            var parse = Stopwatch.StartNew();
            await ExcelSheetReader.ReadAsync(new MemoryStream(file), ExcelSheets.SendList);
            parse.Stop();

            var steps = new List<(int Progress, double Ms)>();
            var wall = Stopwatch.StartNew();
            var progress = new SyncProgress(p => { if (steps.Count == 0 || steps[^1].Progress != p) steps.Add((p, wall.Elapsed.TotalMilliseconds)); });
            var result = await service.ImportAsync(user, new MemoryStream(file), progress);
            wall.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}{(run == 0 ? " (warm-up)" : "")}: parse only {parse.Elapsed.TotalMilliseconds:F0} ms; import end to end {wall.Elapsed.TotalMilliseconds:F0} ms " +
                $"(added {result.Added:N0}, rejected {result.Rejected.Count:N0}); load {LoadAverage()}"));
            Console.WriteLine("   steps (progress% at ms): " + string.Join(", ", steps.Where(s => s.Progress is 40 or 50 or 60 or 70 or 100).Select(s => $"{s.Progress}%@{s.Ms:F0}")));
            await using var db = await factory.CreateDbContextAsync();
            await db.SendList.Where(e => e.EmployerId == employerId && e.AddedAt >= marker).ExecuteDeleteAsync();
        }
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
