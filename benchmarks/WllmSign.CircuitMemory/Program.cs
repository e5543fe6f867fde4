using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Playwright;
using WllmSign.Benchmarks.Shared;

namespace WllmSign.CircuitMemory;

// Server memory per open Blazor circuit on the employer home page (/employer), beside its floor measured the same way in
// the same run: a page that is one empty interactive component (/diagnostics/empty-circuit, mapped only with
// Diagnostics:MemoryEndpoint=true). Not a test: it prints figures for docs/benchmarks.md, the ratio and the target.
//
//   dotnet run -c Release --project benchmarks/WllmSign.CircuitMemory -- [--pages 120] [--contexts 12] [--app DIR] [--gcdump DIR] [--components]
//
// --components prints, with all tabs of each page open, what the components keep per circuit, per component type (their
// render trees; ComponentTrees.cs reads the portal's heap with ClrMD, which needs ptrace rights: run as root or with
// CAP_SYS_PTRACE), and what each circuit owns by object graph, per scoped service, renderer, connection (CircuitOwnership.cs).
// --gcdump DIR also writes idle.gcdump, floor.gcdump and full.gcdump (the employer home) (dotnet-gcdump on PATH: dotnet tool install -g dotnet-gcdump);
// `dotnet-gcdump report DIR/full.gcdump` lists the heap by type, to see what a circuit keeps.
//
// The portal runs as a process of its own (so that this harness and Playwright are not in the measured heap), published
// in Release (or taken from --app), in the Production environment, on a fresh SQLite file with the demo data, on a
// loopback port. Two settings differ from a real installation, both for the benchmark only:
// Diagnostics:MemoryEndpoint=true (GET /diagnostics/memory: forces a full compacting GC, then reports the managed heap,
// the process's resident memory and the number of open circuits) and RateLimits:AccountPostsPerMinute=1000 (the run
// signs in once and gives every browser context those cookies; the setting only keeps a rerun within a minute safe).
// Measures, for the floor and then for the employer home: "idle" (no circuit open; a warm-up context has opened and closed
// both pages first: JIT, caches, pools warm), then with half and with all pages open and interactive
// (data-interactive="yes"); per circuit = (after − idle) / N. The tabs are closed between the two.
internal static class Program
{
    private const string Password = "Wllm2026!demo";
    private const string Employer = "employer@wllm.test";
    private const string HomePath = "/employer";
    private const string FloorPath = "/diagnostics/empty-circuit"; // only with Diagnostics:MemoryEndpoint=true
    private const int TargetKb = 150; // issue #27

    public static async Task<int> Main(string[] args)
    {
        var pages = Arg(args, "--pages", 120);
        var contexts = Arg(args, "--contexts", 12);
        var app = ArgText(args, "--app", null);
        var gcdump = ArgText(args, "--gcdump", null);
        var components = args.Contains("--components");
        var chromium = Environment.GetEnvironmentVariable("WLLM_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        var root = PublishedPortal.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("wllm-circuit-memory-").FullName;
        Process? portal = null;
        try
        {
            if (app is null)
            {
                app = Path.Combine(work, "app");
                Console.WriteLine("Publishing the portal (Release) …");
                await RunAsync("dotnet", $"publish \"{Path.Combine(root, "src", "WllmSign.Portal")}\" -c Release -o \"{app}\" -nologo -v q");
            }
            var port = PublishedPortal.FreePort();
            var baseAddress = $"http://localhost:{port}";
            portal = StartPortal(app, work, port);
            using var http = new HttpClient { BaseAddress = new Uri(baseAddress) };
            await WaitUntilUpAsync(http, portal);
            Console.WriteLine($"Portal pid {portal.Id} on {baseAddress}; {Environment.ProcessorCount} logical cores; load {PublishedPortal.LoadAverage()}");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = chromium, Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--disable-dev-shm-usage", "--renderer-process-limit=8"],
            });

            // Warm-up: one signed-in context opens both pages twice, then leaves; wait until its circuits are gone (what a
            // page compiles or caches once per process, e.g. its queries, must not count per circuit).
            // The one sign-in of the run: every browser context of the measurements starts with this context's cookies
            // (the sign-in form is throttled per client address, 10 posts a minute by default).
            var warm = await browser.NewContextAsync(new() { Locale = "zh-CN" });
            await OpenSignedInAsync(warm, baseAddress, 2, FloorPath);
            await OpenSignedInAsync(warm, baseAddress, 2, HomePath);
            var signedIn = await warm.StorageStateAsync();
            foreach (var p in warm.Pages) await p.GotoAsync("about:blank");
            await warm.CloseAsync();
            await WaitForCircuitsAsync(http, 0);

            // The floor first (an empty interactive component), then the employer home, each against the idle server
            // measured right before it.
            var floor = await PhaseAsync(browser, signedIn, http, portal, baseAddress, FloorPath, pages, contexts, gcdump, components, "floor");
            var home = await PhaseAsync(browser, signedIn, http, portal, baseAddress, HomePath, pages, contexts, gcdump, components, "full");
            Summary(floor, home);
            return 0;
        }
        finally
        {
            if (portal is { HasExited: false })
            {
                portal.Kill(entireProcessTree: true);
                await portal.WaitForExitAsync();
            }
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Signs a fresh context in (its first page lands on the employer home, then moves to <paramref name="path"/>), then
    /// opens <paramref name="path"/> in <paramref name="pages"/> tabs in all, each interactive. A context that already has
    /// pages, or one created with the signed-in cookies, is not signed in again.
    /// </summary>
    private static async Task OpenSignedInAsync(IBrowserContext context, string baseAddress, int pages, string path)
    {
        var start = 0;
        var cookies = await context.CookiesAsync();
        if (context.Pages.Count == 0 && !cookies.Any(c => c.Name == "wllmsign.auth"))
        {
            var first = await context.NewPageAsync();
            await first.GotoAsync(baseAddress + "/Account/Login");
            await first.FillAsync("#Input\\.Email", Employer);
            await first.FillAsync("#Input\\.Password", Password);
            await first.ClickAsync("#login-submit");
            await first.WaitForURLAsync(baseAddress + HomePath, new() { Timeout = 180_000, WaitUntil = WaitUntilState.Commit });
            if (path != HomePath) await first.GotoAsync(baseAddress + path, new() { Timeout = 180_000, WaitUntil = WaitUntilState.Commit });
            await WaitInteractiveAsync(first);
            start = 1;
        }
        for (var i = start; i < pages; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseAddress + path, new() { Timeout = 180_000, WaitUntil = WaitUntilState.Commit });
            await WaitInteractiveAsync(page);
        }
    }

    private sealed record Phase(string Path, int Circuits, Measurement Idle, Measurement Open, string LoadAverage)
    {
        public double HeapKbPerCircuit => (Open.GcHeapBytes - Idle.GcHeapBytes) / 1024.0 / Circuits;
        public double RssKbPerCircuit => (Open.RssBytes - Idle.RssBytes) / 1024.0 / Circuits;
    }

    /// <summary>
    /// Idle measurement, then <paramref name="pages"/> signed-in tabs of <paramref name="path"/> in
    /// <paramref name="contexts"/> browser contexts with the signed-in cookies (measured at half and at all), then every tab
    /// closed again.
    /// </summary>
    private static async Task<Phase> PhaseAsync(IBrowser browser, string signedIn, HttpClient http, Process portal, string baseAddress, string path,
        int pages, int contexts, string? gcdump, bool components, string dumpName)
    {
        Console.WriteLine($"{path}:");
        var idle = await MeasureAsync(http, portal);
        Report("idle (no circuit)", idle, null, 0);
        if (gcdump is not null && dumpName == "full") await GcDumpAsync(portal, gcdump, "idle");
        var open = new List<IBrowserContext>();
        var perContext = (pages + contexts - 1) / contexts;
        var opened = 0;
        var half = contexts / 2;
        for (var i = 0; i < contexts && opened < pages; i++)
        {
            var n = Math.Min(perContext, pages - opened);
            var context = await browser.NewContextAsync(new() { Locale = "zh-CN", StorageState = signedIn });
            open.Add(context);
            await OpenSignedInAsync(context, baseAddress, n, path);
            opened += n;
            Console.WriteLine($"  context {i + 1}/{contexts}: {n} pages interactive ({opened} in all)");
            if (i + 1 == half)
            {
                await WaitForCircuitsAsync(http, opened);
                Report($"{opened} circuits", await MeasureAsync(http, portal), idle, opened);
            }
        }
        await WaitForCircuitsAsync(http, opened);
        var all = await MeasureAsync(http, portal);
        Report($"{opened} circuits", all, idle, opened);
        var load = PublishedPortal.LoadAverage();
        if (gcdump is not null) await GcDumpAsync(portal, gcdump, dumpName);
        if (components) ComponentTrees.PrintWithOwnership(portal.Id, opened);
        foreach (var context in open)
        {
            foreach (var p in context.Pages) await p.GotoAsync("about:blank");
            await context.CloseAsync();
        }
        await WaitForCircuitsAsync(http, 0);
        return new Phase(path, opened, idle, all, load);
    }

    private static void Summary(Phase floor, Phase home)
    {
        var inv = CultureInfo.InvariantCulture;
        var met = home.HeapKbPerCircuit <= TargetKb;
        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"Per open circuit ({home.Circuits} circuits of each page; GC heap after a forced full collection and RSS, above the idle server measured just before):"));
        Console.WriteLine(string.Create(inv, $"  {"page",-48} {"GC heap",8} {"RSS",8} {"heap above the floor",22} {"target <= " + TargetKb + " KB heap",20}   load average (1/5/15 min)"));
        Console.WriteLine(string.Create(inv,
            $"  {"floor: one empty interactive component " + floor.Path,-48} {floor.HeapKbPerCircuit,5:F0} KB {floor.RssKbPerCircuit,5:F0} KB {"-",22} {"-",20}   {floor.LoadAverage}"));
        Console.WriteLine(string.Create(inv,
            $"  {"employer home " + home.Path,-48} {home.HeapKbPerCircuit,5:F0} KB {home.RssKbPerCircuit,5:F0} KB {$"{home.HeapKbPerCircuit - floor.HeapKbPerCircuit:F0} KB ({home.HeapKbPerCircuit / floor.HeapKbPerCircuit:F2}x)",22} {(met ? "MET" : "NOT MET"),20}   {home.LoadAverage}"));
        Console.WriteLine(string.Create(inv,
            $"  target: employer home <= {TargetKb} KB of GC heap per circuit: {(met ? "MET" : "NOT MET")} ({home.HeapKbPerCircuit:F0} KB; the floor alone is {floor.HeapKbPerCircuit:F0} KB)"));
        Console.WriteLine($"  load average at the end: {PublishedPortal.LoadAverage()} ({Environment.ProcessorCount} logical cores; memory figures hardly depend on it)");
    }

    // Waits for states (the address, then the page's interactive marker), not for load events: on a loaded machine the
    // load event of a tab can take longer than the circuit itself.
    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='yes']").WaitForAsync(new() { Timeout = 180_000 });

    private sealed record Snapshot(long GcHeapBytes, long GcCommittedBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);

    private sealed record Measurement(long GcHeapBytes, long GcCommittedBytes, long RssBytes, int Circuits);

    /// <summary>Three forced collections in a row (the last is the figure: nothing left to finalise), and VmRSS from /proc.</summary>
    private static async Task<Measurement> MeasureAsync(HttpClient http, Process portal)
    {
        Snapshot? s = null;
        for (var i = 0; i < 3; i++) s = await http.GetFromJsonAsync<Snapshot>("/diagnostics/memory");
        return new Measurement(s!.GcHeapBytes, s.GcCommittedBytes, VmRss(portal.Id), s.ConnectedCircuits);
    }

    private static void Report(string what, Measurement m, Measurement? idle, int n)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{what,-20} circuits {m.Circuits,4}   GC heap {Mb(m.GcHeapBytes),8:F1} MB   GC committed {Mb(m.GcCommittedBytes),8:F1} MB   RSS {Mb(m.RssBytes),8:F1} MB");
        if (idle is not null && n > 0)
            line += string.Create(CultureInfo.InvariantCulture,
                $"   per circuit: GC heap {(m.GcHeapBytes - idle.GcHeapBytes) / 1024.0 / n:F0} KB, RSS {(m.RssBytes - idle.RssBytes) / 1024.0 / n:F0} KB");
        Console.WriteLine(line);
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private static async Task WaitForCircuitsAsync(HttpClient http, int expected)
    {
        var until = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var s = await http.GetFromJsonAsync<Snapshot>("/diagnostics/memory");
            if (s!.OpenCircuits == expected && s.ConnectedCircuits == expected) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"expected {expected} circuits, the server has {s.OpenCircuits} open, {s.ConnectedCircuits} connected");
            await Task.Delay(500);
        }
    }

    private static Process StartPortal(string app, string work, int port)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(app, "WllmSign.Portal.dll"), "--contentRoot", app])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = app,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["Database__Provider"] = "Sqlite";
        env["Database__SqlitePath"] = Path.Combine(work, "portal.db");
        env["Demo__Seed"] = "true";
        env["Demo__AllowInProduction"] = "true"; // a benchmark on loopback: the demo accounts are wanted (decision 018)
        env["Email__PickupDirectory"] = Path.Combine(work, "mail");
        env["Diagnostics__MemoryEndpoint"] = "true";
        env["DataProtection__CertificatePath"] = Path.Combine(work, "dataprotection-cert.pfx");
        env["DataProtection__GenerateCertificate"] = "true";
        env["Agreements__Signing__GenerateDemoCertificate"] = "true";
        env["RateLimits__AccountPostsPerMinute"] = "1000";
        env["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        var log = Path.Combine(work, "portal.log");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(HttpClient http, Process portal)
    {
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            if (portal.HasExited) throw new InvalidOperationException($"the portal exited with {portal.ExitCode}");
            try
            {
                using var r = await http.GetAsync("/Account/Login");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("the portal did not start");
    }

    private static long VmRss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task GcDumpAsync(Process portal, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        await RunAsync("dotnet-gcdump", $"collect -p {portal.Id} -o \"{Path.Combine(Path.GetFullPath(folder), name + ".gcdump")}\"");
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed with {p.ExitCode}");
    }




    private static int Arg(string[] args, string name, int fallback) =>
        ArgText(args, name, null) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgText(string[] args, string name, string? fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
