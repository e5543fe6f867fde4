using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Invitations;
using WllmSign.Portal.Features.Live;
using WllmSign.Tests.Features.Live;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.LiveLatency;

// Live counts latency: from an action's commit on a portal server to the change of a badge's DOM text in Chromium
// browsing (the same or another) portal server. Not a test: it prints figures for docs/benchmarks.md.
//
//   dotnet run -c Release --project benchmarks/WllmSign.LiveLatency -- [--events 100] [--warmup 6] [--mode both|single|redis]
//
// The action is the employer inviting the demo student (加入发送列表 + 确认发送) and withdrawing the invitation (撤回),
// alternately, through the portal's own services; each one commits, then publishes one LiveChange for the student,
// whose 签约邀请 badge (count-student-invitations) goes 0 → 1 → 0 …
// Start time: a probe subscribed to the acting server's LiveNotifier before any circuit, so it runs first when the
// change is published, i.e. right after the commit. End time: a MutationObserver in the student's page records
// performance.timeOrigin + performance.now() when the badge's text changes. Both are the machine's wall clock.
internal static class LatencyBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        // WebApplicationFactory reads MvcTestingAppManifest.json (the portal's content root) from the working directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var events = Arg("--events", 100);
        var warmup = Arg("--warmup", 6);
        var mode = ArgText("--mode", "both");
        const string password = "Wllm2026!demo";
        const string chromium = "/usr/bin/chromium";

        Console.WriteLine($"Live counts latency: {events} events (+{warmup} warm-up), {Environment.ProcessorCount} logical cores, load {LoadAverage()}");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });

        var results = new List<(string Name, IReadOnlyList<double> Ms)>();
        if (mode is "both" or "single")
        {
            await using var portal = new PortalFactory(seedDemo: true, kestrel: true, settings: Quiet());
            results.Add(("one process (in-memory notifier)", await MeasureAsync(portal, portal)));
        }
        if (mode is "both" or "redis")
        {
            await using var redis = await RedisServer.StartAsync();
            var a = new PortalFactory(seedDemo: true, kestrel: true, settings: new Dictionary<string, string?>(Quiet()) { ["Live:Redis"] = redis.ConnectionString });
            _ = a.BaseAddress;
            var b = new PortalFactory(seedDemo: false, kestrel: true, settings: new Dictionary<string, string?>(Quiet())
            {
                ["Live:Redis"] = redis.ConnectionString, ["Database:SqlitePath"] = a.DbPath,
            });
            try
            {
                results.Add(("two servers through Redis (action on A, browser on B)", await MeasureAsync(a, b)));
            }
            finally
            {
                await b.DisposeAsync();
                await a.DisposeAsync();
            }
        }

        Console.WriteLine();
        Console.WriteLine("| setup | events | min | median | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, ms) in results)
        {
            var s = ms.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {s.Length} | {s[0]:0.0} ms | {Percentile(s, 50):0.0} ms | {Percentile(s, 95):0.0} ms | {s[^1]:0.0} ms |"));
        }
        return 0;

        async Task<IReadOnlyList<double>> MeasureAsync(PortalFactory acting, PortalFactory browsed)
        {
            int employerId, studentId;
            await using (var db = acting.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
            {
                employerId = await db.Employers.Where(e => e.CreditCode == DemoData.EmployerCreditCode).Select(e => e.Id).SingleAsync();
                studentId = (await db.Users.SingleAsync(u => u.Email == DemoData.StudentEmail)).StudentId!.Value;
            }

            // The probe first, before any circuit subscribes: it runs right after the commit, when the change is published.
            var published = new ConcurrentQueue<double>();
            acting.Services.GetRequiredService<LiveNotifier>().Changed += c =>
            {
                if (c.StudentIds.Contains(studentId)) published.Enqueue(NowMs());
            };

            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
            var page = await context.NewPageAsync();
            await page.GotoAsync(browsed.BaseAddress + "/Account/Login");
            await page.FillAsync("#Input\\.Email", DemoData.StudentEmail);
            await page.FillAsync("#Input\\.Password", password);
            await page.ClickAsync("#login-submit");
            await page.WaitForURLAsync(browsed.BaseAddress + "/student");
            await page.Locator("[data-interactive='yes']").WaitForAsync(new() { Timeout = 20_000 });
            await page.EvaluateAsync("""
                () => {
                  window.__changes = [];
                  const read = () => document.querySelector("[data-testid='count-student-invitations']")?.textContent.trim() ?? "0";
                  let last = read();
                  new MutationObserver(() => {
                    const v = read();
                    if (v !== last) { last = v; window.__changes.push({ v, t: performance.timeOrigin + performance.now() }); }
                  }).observe(document.body, { subtree: true, childList: true, characterData: true });
                }
                """);
            var clockSkew = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now() - Date.now()");

            var me = new CurrentUser("demo", DemoData.EmployerName, Roles.Employer, employerId, null, null);
            var search = acting.Services.GetRequiredService<EmployerSearchService>();
            var send = acting.Services.GetRequiredService<EmployerSendService>();
            var letter = new LetterForm
            {
                JobCategory = "计算机与网络", Position = "Java开发工程师", FeedbackDays = 7, ProbationDays = 90, ProbationSalary = 6000,
                RegularSalary = 7000, Penalty = 0, ReportProvince = "湖北省", ReportCity = "武汉市", ReportDeadline = DateTime.Today.AddDays(90),
                WorkProvince = "湖北省", WorkCity = "武汉市", WorkDetail = "洪山区街道口", ContactName = "董先生", ContactPhone = "15821082340",
            };
            var latencies = new List<double>();
            var total = warmup + events;
            for (var i = 0; i < total; i++)
            {
                if (i % 2 == 0)
                {
                    await search.AddToSendListAsync(me, studentId);
                    await send.SendAsync(me, [studentId], letter);
                }
                else
                {
                    int open;
                    await using (var db = acting.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
                        open = await db.Signings.Where(s => s.StudentId == studentId && s.EmployerId == employerId && s.Status == SigningStatus.Invited)
                            .Select(s => s.Id).SingleAsync();
                    await send.WithdrawAsync(me, open);
                }
                var expected = i % 2 == 0 ? "1" : "0";
                await page.WaitForFunctionAsync("([n, v]) => window.__changes.length >= n && window.__changes[n - 1].v === v",
                    new object[] { i + 1, expected }, new() { Timeout = 10_000 });
                if (published.Count != i + 1) throw new InvalidOperationException($"expected {i + 1} published changes, saw {published.Count}");
                var seen = await page.EvaluateAsync<double>("n => window.__changes[n - 1].t", i + 1);
                if (i >= warmup) latencies.Add(seen - published.ElementAt(i));
            }
            await context.CloseAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {acting.BaseAddress} → {browsed.BaseAddress}: {latencies.Count} events, browser performance clock − Date.now() = {clockSkew:0.0} ms"));
            return latencies;
        }

        static Dictionary<string, string?> Quiet() => new()
        {
            ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };

        static double NowMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

        static double Percentile(double[] sorted, double p)
        {
            // Nearest-rank: the smallest value with at least p% of the events at or below it.
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }

        static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

        int Arg(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

        string ArgText(string name, string fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

    }
}
