using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using WllmSign.Benchmarks.Shared;
using WllmSign.PeakLoad.Headless;

namespace WllmSign.PeakLoad;

/// <summary>
/// The run: the published portal on a copy of the 1M-signing database; the run's accounts made first; then a baseline
/// level (a few circuits) and each level of <c>--circuits</c>: users are added at <c>--signin-rate</c> per second (each
/// signs in over HTTP, PBKDF2 on the server, and opens its home page's circuit), the level is left to settle for
/// <c>--warm</c> seconds and measured for <c>--hold</c> seconds while every user keeps acting. Per level it prints the
/// interaction latency (p50/p95/p99, event or navigation → the first render batch answering it), the write clicks,
/// the live-count latency (a student's answer → the badge change received by the employer's / school's circuit), the
/// portal's CPU (its process CPU time / wall / cores) and memory (RSS; GC heap after a forced collection, read after
/// the window), the generator's own CPU, the whole machine's busy share and load average (the machine is shared),
/// errors and dropped circuits, the ratio to the baseline level, and the verdict for the goal; and per interaction the
/// figures that do not move with the machine's load (decision 046): the portal's GC bytes allocated and SQL commands
/// (its <c>/diagnostics/counters</c>), the render batches and their bytes received, also per kind of interaction.
/// </summary>
public static class PeakRun
{
    private const int GoalCircuits = 3000;
    private const double GoalP95Ms = 200;

    public static async Task<int> RunAsync(RunOptions o)
    {
        var inv = CultureInfo.InvariantCulture;
        var levels = new[] { o.BaselineCircuits }.Concat(o.Levels.Where(l => l > o.BaselineCircuits)).Distinct().ToArray();
        var max = levels.Max();
        // With --only, the accounts are made for a mix whose share of that role is the top level.
        var total = o.Only is { } only ? max * 100 / Math.Max(1, o.Mix[(int)only]) : max;
        var students = total * o.Mix[0] / 100;
        var employers = total * o.Mix[1] / 100;
        var admins = total - students - employers;
        IReadOnlyList<PeakUser> accounts = [];
        Console.WriteLine($"Peak load: levels {string.Join(", ", levels)} circuits (the first is the baseline); mix {students} students, {employers} employers, {admins} school admins; " +
            $"{(o.Only is { } r ? $"only {r} users act; " : "")}think {o.ThinkMin.TotalSeconds:F0}–{o.ThinkMax.TotalSeconds:F0} s; warm {o.WarmSeconds} s, hold {o.HoldSeconds} s per level; sign-ins {o.SignInsPerSecond}/s");
        // Several servers: one private redis-server on loopback for their live changes (and circuit rate limits).
        await using var redis = o.Servers > 1 ? await WllmSign.Tests.Features.Live.RedisServer.StartAsync() : null;
        var (portals, work, database) = await PeakPortal.StartAsync(o, async db => accounts = await PeakAccounts.EnsureAsync(db, students, employers, admins, o.Postgres),
            redis?.ConnectionString);
        var users = Interleave(accounts).Where(u => o.Only is null || u.Role == o.Only).ToList();
        if (users.Count < max) Console.WriteLine($"only {users.Count} users could be made (students with open invitations run out): the top level is {users.Count}");
        using var stop = new CancellationTokenSource();
        var running = new List<(VirtualUser User, Task Task)>();
        var results = new List<LevelResult>();
        try
        {
            // The first server's expiry job clears the DataGen copy's backlog (every server runs the jobs; one wins each row).
            await WaitExpiryBacklogAsync(portals[0], database, o.Postgres);
            foreach (var p in portals.Skip(1)) await p.WaitIdleAsync(TimeSpan.FromMinutes(10));
            var cores = Environment.ProcessorCount;
            foreach (var p in portals)
                Console.WriteLine($"Portal pid {p.ProcessId} on {p.BaseAddress} (Production, {(o.Postgres ? "PostgreSQL" : "SQLite")}, the big database copy{(redis is null ? "" : $", Live:Redis {redis.ConnectionString}")})");
            Console.WriteLine($"{portals.Count} portal server(s); {cores} logical cores; load {PublishedPortal.LoadAverage()}");
            using var http = BrowserSignIn.CreateSharedClient();
            using var diagnostics = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var context = new LoadContext([.. portals.Select(p => new Uri(p.BaseAddress))], http, 16, o.ThinkMin, o.ThinkMax);
            var me = Process.GetCurrentProcess();

            foreach (var level in levels.Where(l => l <= users.Count).Append(users.Count).Distinct().Where(l => l <= users.Count))
            {
                if (level == 0) continue;
                // Ramp: new users at the sign-in rate, then wait until they are all on their home page (or failed).
                var ramp = Stopwatch.StartNew();
                while (running.Count < level)
                {
                    var u = new VirtualUser(users[running.Count], context, running.Count % portals.Count);
                    running.Add((u, Task.Run(() => u.RunAsync(stop.Token))));
                    await Task.Delay(TimeSpan.FromSeconds(1 / o.SignInsPerSecond));
                }
                var lastReport = Stopwatch.StartNew();
                while (running.Any(r => !r.User.Started && !r.Task.IsCompleted) && ramp.Elapsed < TimeSpan.FromMinutes(o.RampMinutes))
                {
                    await Task.Delay(500);
                    if (lastReport.Elapsed < TimeSpan.FromSeconds(30)) continue;
                    lastReport.Restart();
                    Console.WriteLine($"  … {running.Count(r => r.User.Started)} of {level} on their home page after {ramp.Elapsed.TotalSeconds:F0} s; load {PublishedPortal.LoadAverage()}");
                }
                var rampStats = context.Stats.Take();
                var samples = rampStats.ErrorSamples.Length > 0 ? "; e.g. " + string.Join(" | ", rampStats.ErrorSamples) : "";
                Console.WriteLine(string.Create(inv, $"[{level} circuits] ramp {ramp.Elapsed.TotalSeconds:F0} s: sign-in p50 {P(rampStats.SignIns, 50)} p95 {P(rampStats.SignIns, 95)} ms, " +
                    $"circuit start p50 {P(rampStats.Starts, 50)} p95 {P(rampStats.Starts, 95)} ms, errors {rampStats.Errors}, dropped {rampStats.Drops}; load {PublishedPortal.LoadAverage()}{samples}"));
                await Task.Delay(TimeSpan.FromSeconds(o.WarmSeconds));
                context.Stats.Take();

                var loadBefore = PublishedPortal.LoadAverage();
                var machine0 = MachineCpu();
                var cpu0 = portals.Select(p => p.CpuTime()).ToArray();
                var work0 = await ReadCountersAsync(diagnostics, portals);
                var redisCpu0 = redis is null ? TimeSpan.Zero : ProcessCpu(redis.ProcessId);
                var gen0 = me.TotalProcessorTime;
                var (wireIn0, wireOut0) = (WebSocketWire.ReceivedBytes, WebSocketWire.SentBytes);
                var wall = Stopwatch.StartNew();
                var trace = o.Trace && level == levels.Where(l => l <= users.Count).Append(users.Count).Max() ? StartTrace(portals[0].ProcessId, o.HoldSeconds) : null;
                await Task.Delay(TimeSpan.FromSeconds(o.HoldSeconds));
                var window = context.Stats.Take();
                wall.Stop();
                var (wireIn, wireOut) = (WebSocketWire.ReceivedBytes - wireIn0, WebSocketWire.SentBytes - wireOut0);
                var work1 = await ReadCountersAsync(diagnostics, portals);
                me.Refresh();
                var perServer = portals.Select((p, i) => (p.CpuTime() - cpu0[i]).TotalSeconds / wall.Elapsed.TotalSeconds).ToArray();
                var portalCpu = perServer.Sum();
                var redisCpu = redis is null ? 0 : (ProcessCpu(redis.ProcessId) - redisCpu0).TotalSeconds / wall.Elapsed.TotalSeconds;
                var genCpu = (me.TotalProcessorTime - gen0).TotalSeconds / wall.Elapsed.TotalSeconds;
                var machine1 = MachineCpu();
                var machineBusy = (machine1.Busy - machine0.Busy) / (double)Math.Max(1, machine1.Total - machine0.Total);
                var rss = portals.Sum(p => p.ResidentBytes());
                var loadAfter = PublishedPortal.LoadAverage();
                if (trace is not null) await FinishTraceAsync(trace);
                // The heap is read after a forced full collection, which a saturated portal may not answer in time: the
                // window's figures are printed anyway (-1: not read).
                // Several servers: the sum of their heaps and circuits (-1 when one did not answer).
                long heap = 0;
                var connected = 0;
                foreach (var p in portals)
                {
                    try
                    {
                        using var heapWait = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                        var snapshot = await diagnostics.GetFromJsonAsync<MemorySnapshot>(p.BaseAddress + "/diagnostics/memory", heapWait.Token);
                        heap += snapshot!.GcHeapBytes;
                        connected += snapshot.ConnectedCircuits;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Console.WriteLine($"  (the GC heap of {p.BaseAddress} was not read: {e.GetType().Name})");
                        heap = long.MinValue;
                        connected = int.MinValue;
                    }
                }
                var result = new LevelResult(level, running.Count(r => r.User.Started && !r.User.Dropped), Math.Max(-1, connected), window,
                    wall.Elapsed.TotalSeconds, portalCpu, genCpu, machineBusy, cores, rss, Math.Max(-1, heap), loadBefore, loadAfter, context.Stats.TotalDrops)
                {
                    ServerCores = perServer,
                    RedisCores = redisCpu,
                    Work = work0 is not null && work1 is not null ? work1 - work0 : null,
                    WireReceived = wireIn,
                    WireSent = wireOut,
                };
                results.Add(result);
                Print(result, results[0]);
            }
            Summary(results, o);
            var top = results.LastOrDefault();
            return top is not null && Met(top) ? 0 : 2;
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var (u, t) in running)
            {
                try { await t.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
            }
            await Task.WhenAll(running.Select(r => r.User.CloseAsync().AsTask()));
            foreach (var p in portals) await p.DisposeAsync();
            Console.WriteLine($"Portal stopped; load {PublishedPortal.LoadAverage()}");
            for (var i = 0; i < portals.Count; i++) KeepPortalLog(portals[i].LogPath, portals.Count == 1 ? "" : $"-server{i + 1}");
            await PeakPortal.DropCopyAsync(o, database);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Waits until the portal's expiry job has expired the invitations already past their deadline (a DataGen
    /// copy has thousands), then until the portal is idle: that one-off work is not the users' (decision 044).</summary>
    private static async Task WaitExpiryBacklogAsync(PublishedPortal portal, string database, bool postgres)
    {
        var wait = Stopwatch.StartNew();
        var first = await PeakAccounts.DueToExpireAsync(database, postgres);
        var cpu0 = portal.CpuTime();
        await portal.WaitIdleAsync(TimeSpan.FromMinutes(20)); // the job's first run is under way
        var due = await PeakAccounts.DueToExpireAsync(database, postgres);
        while (due > 0 && wait.Elapsed < TimeSpan.FromMinutes(20))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            due = await PeakAccounts.DueToExpireAsync(database, postgres);
        }
        await portal.WaitIdleAsync(TimeSpan.FromMinutes(10));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Expiry backlog: {first} invitations past their deadline at the start, {due} left after {wait.Elapsed.TotalSeconds:F0} s " +
            $"(portal CPU {(portal.CpuTime() - cpu0).TotalSeconds:F0} s); load {PublishedPortal.LoadAverage()}"));
    }

    /// <summary>The portal's own log (Warning and above: unhandled circuit exceptions included) outlives the work
    /// directory, so that an error counted in a level can be explained afterwards.</summary>
    private static void KeepPortalLog(string log, string suffix)
    {
        if (!File.Exists(log)) return;
        var dir = Path.Combine(PublishedPortal.RepositoryRoot(), "artifacts", "peakload");
        Directory.CreateDirectory(dir);
        var kept = Path.Combine(dir, $"portal-{DateTime.UtcNow:yyyyMMdd-HHmmss}{suffix}.log");
        File.Copy(log, kept, overwrite: true);
        Console.WriteLine($"Portal log kept: {kept}");
    }

    private sealed record MemorySnapshot(long GcHeapBytes, long GcCommittedBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);

    /// <summary>The portal's running totals (<c>/diagnostics/counters</c>, no collection); summed over the servers.</summary>
    private sealed record WorkCounters(long AllocatedBytes, long SqlCommands, double CpuSeconds, int Gen0Collections, int Gen2Collections)
    {
        public static WorkCounters operator -(WorkCounters a, WorkCounters b) => new(a.AllocatedBytes - b.AllocatedBytes, a.SqlCommands - b.SqlCommands,
            a.CpuSeconds - b.CpuSeconds, a.Gen0Collections - b.Gen0Collections, a.Gen2Collections - b.Gen2Collections);
        public static WorkCounters operator +(WorkCounters a, WorkCounters b) => new(a.AllocatedBytes + b.AllocatedBytes, a.SqlCommands + b.SqlCommands,
            a.CpuSeconds + b.CpuSeconds, a.Gen0Collections + b.Gen0Collections, a.Gen2Collections + b.Gen2Collections);
    }

    /// <summary>The servers' summed totals now; null when one does not have the endpoint (a portal older than it) or does not answer.</summary>
    private static async Task<WorkCounters?> ReadCountersAsync(HttpClient http, IReadOnlyList<PublishedPortal> portals)
    {
        var sum = new WorkCounters(0, 0, 0, 0, 0);
        foreach (var p in portals)
        {
            try
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var c = await http.GetFromJsonAsync<WorkCounters>(p.BaseAddress + "/diagnostics/counters", wait.Token);
                sum += c!;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                return null;
            }
        }
        return sum;
    }

    private sealed record LevelResult(int Level, int Online, int ServerCircuits, LoadStats.Window Window, double Seconds, double PortalCores, double GeneratorCores,
        double MachineBusy, int Cores, long Rss, long GcHeap, string LoadBefore, string LoadAfter, int DropsSoFar)
    {
        /// <summary>Each server's share of <see cref="PortalCores"/> (several servers).</summary>
        public double[] ServerCores { get; init; } = [];
        /// <summary>The private redis-server's CPU (cores), several servers only.</summary>
        public double RedisCores { get; init; }
        /// <summary>The portal's allocated bytes, SQL commands and collections in the window (null: the portal has no counters endpoint).</summary>
        public WorkCounters? Work { get; init; }
        /// <summary>Bytes the circuits' sockets received and sent in the window (after permessage-deflate, frames included).</summary>
        public long WireReceived { get; init; }
        public long WireSent { get; init; }
        public double WireKbPerInteraction => WireReceived / 1024.0 / Count;
        private int Count => Math.Max(1, Window.Interactions.Length);
        /// <summary>Per interaction: GC bytes allocated (KB), SQL commands, render-batch bytes received (KB) — load-independent figures.</summary>
        public string AllocatedKbPerInteraction => Work is null ? "-" : (Work.AllocatedBytes / 1024.0 / Count).ToString("F0", CultureInfo.InvariantCulture);
        public string SqlPerInteraction => Work is null ? "-" : (Work.SqlCommands / (double)Count).ToString("F2", CultureInfo.InvariantCulture);
        public double BatchKbPerInteraction => Window.BatchBytes / 1024.0 / Count;
        public double P50 => LoadStats.Percentile(Window.Interactions, 50);
        public double P95 => LoadStats.Percentile(Window.Interactions, 95);
        public double P99 => LoadStats.Percentile(Window.Interactions, 99);
        public double PerSecond => Window.Interactions.Length / Seconds;
        /// <summary>The portal's CPU time in the window ÷ the interactions completed in it (ms): everything the portal did, idle work included.</summary>
        public double CpuMsPerInteraction => 1000 * PortalCores * Seconds / Math.Max(1, Window.Interactions.Length);
        /// <summary>The CPU above the baseline level ÷ the interactions above it (ms): the cost of one more interaction.</summary>
        public double MarginalCpuMs(LevelResult b) => 1000 * (PortalCores - b.PortalCores) / Math.Max(1e-9, PerSecond - b.PerSecond);
    }

    private static bool Met(LevelResult r) => r.Level >= GoalCircuits && r.ServerCircuits >= GoalCircuits && r.P95 <= GoalP95Ms && r.DropsSoFar == 0;

    private static void Print(LevelResult r, LevelResult baseline)
    {
        var w = r.Window;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"[{r.Level} circuits] online {r.Online}, server reports {r.ServerCircuits} connected; load {r.LoadBefore} → {r.LoadAfter}"));
        Console.WriteLine(string.Create(inv, $"  interactions {w.Interactions.Length}: p50 {P(w.Interactions, 50)} ms, p95 {P(w.Interactions, 95)} ms, p99 {P(w.Interactions, 99)} ms" +
            $"  (baseline level {baseline.Level}: p50 {baseline.P50:F0}, p95 {baseline.P95:F0}; ratio p95 {r.P95 / baseline.P95:F2})"));
        Console.WriteLine(string.Create(inv, $"  writes {w.Writes.Length}: p50 {P(w.Writes, 50)} ms, p95 {P(w.Writes, 95)} ms;  live counts {w.Live.Length}: p50 {P(w.Live, 50)} ms, p95 {P(w.Live, 95)} ms, max {P(w.Live, 100)} ms"));
        if (r.ServerCores.Length > 1)
        {
            Console.WriteLine(string.Create(inv, $"  {r.ServerCores.Length} servers: CPU {string.Join(" + ", r.ServerCores.Select(c => c.ToString("F2", inv)))} cores, redis-server {r.RedisCores:F3} cores;" +
                $" live counts of writes made on another server (through Redis) {w.LiveFromOtherServer.Length}: p50 {P(w.LiveFromOtherServer, 50)} ms, p95 {P(w.LiveFromOtherServer, 95)} ms"));
        }
        Console.WriteLine(string.Create(inv, $"  portal CPU {r.PortalCores:F2} cores ({100 * r.PortalCores / r.Cores:F0}% of {r.Cores}), generator CPU {r.GeneratorCores:F2} cores, whole machine busy {100 * r.MachineBusy:F0}%;" +
            $" portal CPU per interaction {r.CpuMsPerInteraction:F2} ms ({r.PerSecond:F1} interactions/s{(r == baseline ? "" : $"; marginal over the baseline {r.MarginalCpuMs(baseline):F2} ms")});" +
            $" portal RSS {r.Rss / 1048576.0:F0} MB, GC heap {r.GcHeap / 1048576.0:F0} MB after a full GC ({(r.GcHeap / 1024.0) / Math.Max(1, r.ServerCircuits):F0} KB per circuit)"));
        Console.WriteLine(string.Create(inv, $"  render batches received {w.Batches} ({w.Batches / (double)Math.Max(1, w.Interactions.Length):F1} per interaction, {w.Batches / r.Seconds / Math.Max(1, r.Online):F2} per circuit per second), " +
            $"{w.BatchBytes / 1048576.0:F1} MB ({r.BatchKbPerInteraction:F1} KB per interaction)"));
        Console.WriteLine(string.Create(inv, $"  on the wire (WebSocket frames): received {r.WireReceived / 1048576.0:F1} MB ({r.WireKbPerInteraction:F1} KB per interaction), sent {r.WireSent / 1048576.0:F2} MB " +
            $"({r.WireSent / 1024.0 / Math.Max(1, w.Interactions.Length):F2} KB per interaction); portal RSS per circuit {r.Rss / 1024.0 / Math.Max(1, r.ServerCircuits):F0} KB; {WebSocketWire.Describe()}"));
        Console.WriteLine(r.Work is { } work
            ? string.Create(inv, $"  per interaction: GC allocated {r.AllocatedKbPerInteraction} KB, SQL commands {r.SqlPerInteraction}; in the window {work.AllocatedBytes / 1048576.0:F0} MB allocated, {work.SqlCommands} SQL commands, {work.Gen0Collections} gen-0 and {work.Gen2Collections} gen-2 collections")
            : "  per interaction: allocated bytes and SQL commands not read (the portal has no /diagnostics/counters)");
        if (w.ClicksOnVanishedRows > 0)
            Console.WriteLine($"  通过 clicks on a row a colleague had just verified (removed under the click, no dialog; not errors): {w.ClicksOnVanishedRows}");
        Console.WriteLine($"  errors {w.Errors}, dropped circuits {w.Drops} (run so far {r.DropsSoFar}){(w.ErrorSamples.Length > 0 ? "; e.g. " + string.Join(" | ", w.ErrorSamples) : "")}");
    }

    private static void Summary(List<LevelResult> results, RunOptions o)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| circuits | interactions | p50 ms | p95 ms | p99 ms | p95 / baseline | writes p95 ms | live p50 / p95 ms | live via Redis p50 / p95 ms | portal CPU (cores) | portal CPU ms / interaction (marginal) | batches / interaction | batch KB / interaction | wire KB / interaction | GC KB allocated / interaction | SQL commands / interaction | generator CPU | machine busy | RSS MB | GC heap MB | errors | dropped | load avg (start → end) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var b = results[0];
        foreach (var r in results)
            Console.WriteLine(string.Create(inv, $"| {r.ServerCircuits} | {r.Window.Interactions.Length} | {r.P50:F0} | {r.P95:F0} | {r.P99:F0} | {r.P95 / b.P95:F2} | {P(r.Window.Writes, 95)} | {P(r.Window.Live, 50)} / {P(r.Window.Live, 95)} | {P(r.Window.LiveFromOtherServer, 50)} / {P(r.Window.LiveFromOtherServer, 95)} | " +
                $"{r.PortalCores:F2} | {r.CpuMsPerInteraction:F2}{(r == b ? "" : $" ({r.MarginalCpuMs(b):F2})")} | {r.Window.Batches / (double)Math.Max(1, r.Window.Interactions.Length):F1} | {r.BatchKbPerInteraction:F1} | {r.WireKbPerInteraction:F1} | {r.AllocatedKbPerInteraction} | {r.SqlPerInteraction} | {r.GeneratorCores:F2} | {100 * r.MachineBusy:F0}% | {r.Rss / 1048576.0:F0} | {r.GcHeap / 1048576.0:F0} | {r.Window.Errors} | {r.Window.Drops} | {r.LoadBefore} → {r.LoadAfter} |"));
        var top = results[^1];
        Console.WriteLine();
        Console.WriteLine($"By interaction at {top.Level} circuits (ms, p50 / p95 / count; render batches and KB received per interaction of the kind, until the user's next):");
        foreach (var (kind, v) in top.Window.ByKind.OrderBy(p => p.Key))
        {
            var (n, bytes) = top.Window.BatchesByKind.GetValueOrDefault(kind);
            Console.WriteLine(string.Create(inv, $"  {kind,-32} {P(v, 50),6} / {P(v, 95),6} / {v.Length,5};  {n / (double)v.Length,5:F1} batches, {bytes / 1024.0 / v.Length,6:F1} KB"));
        }
        var verdict = top.Level < GoalCircuits
            ? $"NOT MEASURED (the top level is {top.Level})"
            : Met(top) ? "MET" : "NOT MET";
        Console.WriteLine(string.Create(inv, $"Goal: ≥ {GoalCircuits} circuits with p95 interaction ≤ {GoalP95Ms:F0} ms and no dropped circuit: {verdict} " +
            $"(top level {top.ServerCircuits} circuits on the server, p95 {top.P95:F0} ms, dropped in the run {top.DropsSoFar}; think {o.ThinkMin.TotalSeconds:F0}–{o.ThinkMax.TotalSeconds:F0} s)"));
    }

    /// <summary>
    /// CPU samples of the portal for the window: Linux perf (cpu-clock, 499 Hz, frame-pointer call stacks; the portal
    /// runs with DOTNET_PerfMapEnabled=1 so that JIT-compiled methods have names). dotnet-trace's `cpu-sampling` needs
    /// `collect-linux` (kernel user_events), and its `dotnet-sampled-thread-time` samples waiting threads too.
    /// </summary>
    private static (Process Process, string File)? StartTrace(int pid, int seconds)
    {
        var dir = Path.Combine(PublishedPortal.RepositoryRoot(), "artifacts", "peakload");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"portal-{DateTime.UtcNow:yyyyMMdd-HHmmss}.perf.data");
        var info = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "record", "-e", "cpu-clock", "-F", "499", "-g", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file, "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        try
        {
            var p = Process.Start(info)!;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            Console.WriteLine($"  sampling the portal's CPU (perf, {seconds} s) into {file}");
            return (p, file);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"  (no trace: perf could not be started: {e.Message})");
            return null;
        }
    }

    private static async Task FinishTraceAsync((Process Process, string File)? trace)
    {
        var (p, file) = trace!.Value;
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await p.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { p.Kill(); }
        Console.WriteLine(File.Exists(file) ? $"  trace written: {file} (perf report -i {file} --children --sort symbol --stdio)" : $"  (the trace was not written; perf exit {p.ExitCode})");
    }

    private static string P(double[] v, double p) => v.Length == 0 ? "-" : LoadStats.Percentile(v, p).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Students, employers and admins interleaved in the run's proportions, so that every level has the mix.</summary>
    private static List<PeakUser> Interleave(IReadOnlyList<PeakUser> all)
    {
        var groups = all.GroupBy(u => u.Role).ToList();
        return groups.SelectMany(g => g.Select((u, i) => (u, rank: (i + 0.5) / g.Count()))).OrderBy(x => x.rank).Select(x => x.u).ToList();
    }

    /// <summary>A process's user + system CPU from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
    }

    /// <summary>The whole machine's CPU jiffies from /proc/stat (busy = all but idle and iowait).</summary>
    private static (long Busy, long Total) MachineCpu()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = f.Take(8).Sum();
        return (total - f[3] - f[4], total);
    }
}
