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
/// 1M signings), with a send list of ≥ 50,000 rows added first: parse only, a raw ADO.NET floor, the old code
/// (<see cref="OldSendListImportService"/>) and the new code, one after the other in each run, wall and CPU time, per-step
/// timings from the progress reports (decision 029). BENCH_SQL=1 prints the commands EF Core executed.</item>
/// <item><c>upload --big PATH --portal [--app DIR] [--portal-runs 6]</c>: then the same file through the published
/// portal in Chromium, as an employer does it (<see cref="PortalImportMeasurement"/>), with the ratio to this run's
/// service-path and raw figures.</item>
/// </list>
/// dotnet run -c Release --project benchmarks/WllmSign.Excel.Benchmarks -- upload [--big /tmp/wllm-big.db [--portal]]
/// </summary>
public static class UploadMeasurements
{
    public static async Task RunAsync(string[] args)
    {
        Console.WriteLine($"load average at start: {LoadAverage()}");
        var big = args.Length >= 2 && args[0] == "--big" ? args[1] : null;
        if (big is null) await HostileAsync();
        else await BigDatabaseAsync(big, new PortalRun(args.Contains("--portal"), ArgText(args, "--app"), int.TryParse(ArgText(args, "--portal-runs"), out var r) ? r : 6));
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

    /// <summary><c>--portal</c>: after the in-process runs, the same import through the published portal (<see cref="PortalImportMeasurement"/>).</summary>
    private sealed record PortalRun(bool Enabled, string? App, int Runs);

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task BigDatabaseAsync(string path, PortalRun portal)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString();
        var services = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connection).UseApplicationServiceProvider(services)
            .LogTo(m => { if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1" && m.Contains("Executed DbCommand", StringComparison.Ordinal)) Console.WriteLine("   SQL " + m[..Math.Min(m.Length, 700)].ReplaceLineEndings(" ")); },
                Microsoft.Extensions.Logging.LogLevel.Information).Options;
        var factory = Database.AsAppDbContextFactory(new PooledDbContextFactory<SqliteAppDbContext>(options));
        const int employerId = 1;

        await using (var db = await factory.CreateDbContextAsync())
        {
            Console.WriteLine($"students {await db.Students.CountAsync():N0}, signings {await db.Signings.CountAsync():N0}, send list {await db.SendList.CountAsync():N0}");
            // AddedAt is stored as UTC ticks (DateTimeOffsetToUtcTicksConverter); older set-ups wrote text.
            var addedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
            if (await db.SendList.CountAsync() < 50_000)
            {
                // A send list of 60,000 rows across 600 employers (set-up, not measured).
                await db.Database.ExecuteSqlAsync($"""
                    INSERT OR IGNORE INTO SendList (EmployerId, StudentId, AddedAt)
                    SELECT 2 + (s.Id % 600), s.Id, {addedAt} FROM Students s WHERE s.Id % 8 = 3 LIMIT 60000
                    """);
                Console.WriteLine($"send list now {await db.SendList.CountAsync():N0}");
            }
            await db.Database.ExecuteSqlAsync($"UPDATE SendList SET AddedAt = {addedAt} WHERE typeof(AddedAt) = 'text'");
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
        CircuitRateLimits Limits() => new(new CircuitRateLimitOptions(), TimeProvider.System);
        var store = new RejectedRowsStore(TimeProvider.System);
        var current = new SendListImportService(factory, TimeProvider.System, store, ExcelLimits.Default, Limits());
        var old = new OldSendListImportService(factory, TimeProvider.System, store, ExcelLimits.Default, Limits());
        // The rows an import adds are deleted after each run by Id (not by AddedAt: the set-up rows of older runs may
        // hold text there, which SQLite orders after every number).
        int lastId;
        await using (var db = await factory.CreateDbContextAsync()) lastId = await db.SendList.MaxAsync(e => (int?)e.Id) ?? 0;
        async Task ResetAsync()
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.SendList.Where(e => e.Id > lastId).ExecuteDeleteAsync();
        }

        // Each run times, one after the other under the same load: parse only; the raw floor (parse + the same lookups
        // and insert in plain ADO.NET); the old code (main before decision 029); the new code. Run 0 warms up.
        const int runs = 8;
        var figures = new Dictionary<string, List<double>>
        {
            ["parse"] = [], ["raw"] = [], ["old"] = [], ["new"] = [], ["parse CPU"] = [], ["raw CPU"] = [], ["old CPU"] = [], ["new CPU"] = [],
        };
        var summary = "";
        for (var run = 0; run < runs; run++)
        {
            var cpu = CpuMs();
            var parse = Stopwatch.StartNew();
            await ExcelSheetReader.ReadAsync(new MemoryStream(file), ExcelSheets.SendList);
            parse.Stop();
            var parseCpu = CpuMs() - cpu;
            var load = LoadAverage();
            cpu = CpuMs();
            var raw = Stopwatch.StartNew();
            var rawAdded = await RawImportAsync(connection, employerId, file);
            raw.Stop();
            var rawCpu = CpuMs() - cpu;
            await ResetAsync();
            var (oldMs, oldCpu, oldSteps, oldResult) = await TimeAsync(p => old.ImportAsync(user, new MemoryStream(file), p));
            await ResetAsync();
            var (newMs, newCpu, newSteps, newResult) = await TimeAsync(p => current.ImportAsync(user, new MemoryStream(file), p));
            summary = newResult.Summary;
            await ResetAsync();
            if (oldResult.Added != newResult.Added || oldResult.Added != rawAdded || oldResult.Rejected.Count != newResult.Rejected.Count
                || !oldResult.Rejected.Select(r => (r.RowNumber, r.Reason)).SequenceEqual(newResult.Rejected.Select(r => (r.RowNumber, r.Reason))))
                throw new InvalidOperationException($"old, new and raw disagree: {oldResult.Added}/{newResult.Added}/{rawAdded}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}{(run == 0 ? " (warm-up)" : "")}: wall (CPU) parse only {parse.Elapsed.TotalMilliseconds:F0} ({parseCpu:F0}) ms; raw ADO.NET {raw.Elapsed.TotalMilliseconds:F0} ({rawCpu:F0}) ms; " +
                $"old {oldMs:F0} ({oldCpu:F0}) ms; new {newMs:F0} ({newCpu:F0}) ms (added {newResult.Added:N0}, rejected {newResult.Rejected.Count:N0}, same rows and reasons as old); load {load}"));
            Console.WriteLine($"   old steps (progress% at ms): {oldSteps}");
            Console.WriteLine($"   new steps (progress% at ms): {newSteps}");
            if (run == 0) continue;
            figures["parse"].Add(parse.Elapsed.TotalMilliseconds);
            figures["raw"].Add(raw.Elapsed.TotalMilliseconds);
            figures["old"].Add(oldMs);
            figures["new"].Add(newMs);
            figures["parse CPU"].Add(parseCpu);
            figures["raw CPU"].Add(rawCpu);
            figures["old CPU"].Add(oldCpu);
            figures["new CPU"].Add(newCpu);
        }
        var m = figures.ToDictionary(f => f.Key, f => Median(f.Value));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {runs - 1} runs: parse only {m["parse"]:F0} ms; raw ADO.NET {m["raw"]:F0} ms; old {m["old"]:F0} ms; new {m["new"]:F0} ms; " +
            $"old/new {m["old"] / m["new"]:F2}; new/raw {m["new"] / m["raw"]:F2}; new/parse {m["new"] / m["parse"]:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median CPU: parse only {m["parse CPU"]:F0} ms; raw ADO.NET {m["raw CPU"]:F0} ms; old {m["old CPU"]:F0} ms; new {m["new CPU"]:F0} ms; " +
            $"old/new {m["old CPU"] / m["new CPU"]:F2}; new/raw {m["new CPU"] / m["raw CPU"]:F2}"));
        if (portal.Enabled)
            await PortalImportMeasurement.RunAsync(path, factory, employerId, file, summary, ResetAsync, portal.App, portal.Runs, m["new"], m["raw"]);
    }

    public static double Median(List<double> v) { var o = v.Order().ToList(); return o.Count % 2 == 1 ? o[o.Count / 2] : (o[o.Count / 2 - 1] + o[o.Count / 2]) / 2; }

    private static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    private static async Task<(double Ms, double Cpu, string Steps, ExcelImportResult Result)> TimeAsync(Func<IProgress<int>, Task<ExcelImportResult>> import)
    {
        var steps = new List<(int Progress, double Ms)>();
        var cpu = CpuMs();
        var wall = Stopwatch.StartNew();
        var progress = new SyncProgress(p => { if (steps.Count == 0 || steps[^1].Progress != p) steps.Add((p, wall.Elapsed.TotalMilliseconds)); });
        var result = await import(progress);
        wall.Stop();
        var shown = string.Join(", ", steps.Where(s => s.Progress is 40 or 50 or 60 or 70 or 100).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Progress}%@{s.Ms:F0}")));
        return (wall.Elapsed.TotalMilliseconds, CpuMs() - cpu, shown, result);
    }

    /// <summary>
    /// The floor: the same file read by the same reader, then the same facts in plain ADO.NET (one SELECT with the ID
    /// numbers as a JSON array, the send-list and active-agreement checks as EXISTS) and a prepared one-row INSERT
    /// reused in one transaction. No messages, no rate limit, no rejected-rows file. Returns the rows added.
    /// </summary>
    private static async Task<int> RawImportAsync(string connectionString, int employerId, byte[] file)
    {
        var rows = await ExcelSheetReader.ReadAsync(new MemoryStream(file), ExcelSheets.SendList);
        var spec = ExcelSheets.SendList;
        int iYear = spec.IndexOf(ExcelSheets.Year), iName = spec.IndexOf(ExcelSheets.Name), iId = spec.IndexOf(ExcelSheets.IdNumber);
        var wanted = rows.Select(r => (Year: (int)(double)r[iYear]!, Name: ExcelCells.Text(r[iName]), Id: ExcelCells.Text(r[iId]))).ToList();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var found = new Dictionary<(int, string), (long Id, string Name, bool Ok)>();
        await using (var select = connection.CreateCommand())
        {
            var active = string.Join(", ", WllmSign.Domain.Signings.SigningStatuses.ActiveAgreement.Select(a => (int)a));
            select.CommandText = $"""
                SELECT s.Id, s.GraduationYear, s.IdNumber, s.Name,
                       NOT EXISTS (SELECT 1 FROM SendList e WHERE e.EmployerId = $employer AND e.StudentId = s.Id)
                   AND NOT EXISTS (SELECT 1 FROM Signings g WHERE g.StudentId = s.Id AND g.Status IN ({active}))
                FROM Students s WHERE s.IdNumber IN (SELECT value FROM json_each($ids))
                  AND s.SchoolId IN (SELECT SchoolId FROM Residencies WHERE EmployerId = $employer AND Status = {(int)ResidencyStatus.Approved})
                """;
            select.Parameters.AddWithValue("$employer", employerId);
            select.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(wanted.Select(w => w.Id).Distinct()));
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) found[(reader.GetInt32(1), reader.GetString(2))] = (reader.GetInt64(0), reader.GetString(3), reader.GetBoolean(4));
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO SendList (EmployerId, StudentId, AddedAt) VALUES ($employer, $student, $at)";
        insert.Parameters.AddWithValue("$employer", employerId);
        var student = insert.Parameters.Add("$student", SqliteType.Integer);
        insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcTicks);
        insert.Prepare();
        var added = 0;
        var seen = new HashSet<long>();
        foreach (var w in wanted)
        {
            if (!found.TryGetValue((w.Year, w.Id), out var s) || s.Name != w.Name || !s.Ok || !seen.Add(s.Id)) continue;
            student.Value = s.Id;
            await insert.ExecuteNonQueryAsync();
            added++;
        }
        await tx.CommitAsync();
        return added;
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
