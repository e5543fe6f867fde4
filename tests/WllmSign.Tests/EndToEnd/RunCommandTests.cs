using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Playwright;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.EndToEnd.CrashSafety;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// The README's run command itself: <c>bash scripts/run.sh</c> as a child process (the published portal in Production,
/// as a new user starts it), on a free port and a fresh data folder. In Chromium: the pages are styled (MudBlazor's
/// stylesheet, app.css, the scoped styles), no asset fails, nothing is written to the console; every demo role signs in
/// through the form, lands on its home with its counts, and the circuit works (a menu click changes the page without a
/// reload); 协议书查验 is reachable from the sign-in page, styled, and answers a check.
/// </summary>
public sealed class RunCommandTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private RunScript? run;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        if (run is not null) await run.DisposeAsync();
    }

    public static TheoryData<string, string, string, string> Roles => new()
    {
        // email, home, a menu entry's address (clicked), the count the home shows
        { DemoData.EmployerEmail, "/employer", "/employer/data", "[data-testid='signing-todo-count']" },
        { DemoData.StudentEmail, "/student", "/student/profile", "[data-testid='count-invitations']" },
        { DemoData.SchoolAdminEmail("10500"), "/school", "/school/roster", "[data-testid='pending-signings']" },
        // The alliance has no pending work: its home lists the member schools.
        { DemoData.AllianceEmail, "/admin", "/admin/schools", "[data-testid='schools-table']" },
    };

    [SqliteOnlyFact("scripts/run.sh runs the embedded SQLite portal; one publish is enough for the whole suite")]
    public async Task The_run_command_gives_a_styled_live_portal_to_every_role()
    {
        run = await RunScript.StartAsync();
        var baseAddress = run.BaseAddress;

        await using (var context = await NewContextAsync())
        {
            var (page, problems) = await WatchedPageAsync(context);
            var responses = new List<IResponse>();
            page.Response += (_, r) => responses.Add(r);
            await page.GotoAsync(baseAddress + "/Account/Login");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var mudCss = Assert.Single(responses, r => r.Url.Contains("/_content/MudBlazor/MudBlazor.min", StringComparison.Ordinal) && r.Url.EndsWith(".css", StringComparison.Ordinal));
            Assert.Equal(200, mudCss.Status);
            Assert.StartsWith("text/css", mudCss.Headers["content-type"], StringComparison.Ordinal);
            var appCss = Assert.Single(responses, r => new Uri(r.Url).AbsolutePath.StartsWith("/app.", StringComparison.Ordinal));
            Assert.StartsWith("text/css", appCss.Headers["content-type"], StringComparison.Ordinal);
            Assert.Equal(200, Assert.Single(responses, r => r.Url.Contains("/_framework/blazor.web", StringComparison.Ordinal)).Status);
            // MudBlazor's rules are in the document, and app.css styles the page (the blue bar).
            Assert.True(await page.EvaluateAsync<bool>(
                "() => [...document.styleSheets].some(s => (s.href || '').includes('MudBlazor') && s.cssRules.length > 100)"));
            Assert.Equal("rgb(21, 101, 192)", await page.Locator(".acct-bar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            await page.ShotAsync("run-command-login");

            // 协议书查验 from the sign-in page: styled (scoped CSS too), and it answers a check (the demo has no agreement yet).
            await page.Locator("[data-testid='verify-link']").ClickAsync();
            await page.WaitForUrlExplainedAsync(baseAddress + "/verify");
            await page.FillAsync("#no", "105002027000001");
            await page.FillAsync("#code", "ABCD2345");
            await page.ClickAsync("#verify-submit");
            var verdict = page.Locator("[data-testid='verify-verdict']");
            await Assertions.Expect(verdict).ToHaveTextAsync("不存在");
            Assert.Equal("700", await verdict.EvaluateAsync<string>("e => getComputedStyle(e).fontWeight"));
            Assert.Equal("rgb(245, 245, 245)", await page.Locator("[data-testid='verify-result']").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            Assert.Equal("rgb(21, 101, 192)", await page.Locator(".acct-bar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            await page.ShotAsync("run-command-verify");
            Assert.Empty(problems);
        }

        // It printed where to go and how to sign in.
        Assert.Contains(baseAddress, run.Output, StringComparison.Ordinal);
        Assert.Contains(DemoData.AllianceEmail, run.Output, StringComparison.Ordinal);
        Assert.Contains("Wllm2026!demo", run.Output, StringComparison.Ordinal);

        foreach (var role in Roles)
        {
            var (email, home, menuTarget, count) = ((string)role[0], (string)role[1], (string)role[2], (string)role[3]);
            await using var context = await NewContextAsync();
            var (page, problems) = await WatchedPageAsync(context);

            await page.SignInAsync(baseAddress, email, "Wllm2026!demo");
            await page.WaitForUrlExplainedAsync(baseAddress + home);
            await page.Locator("[data-interactive='yes']").WaitForAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator(count)).ToBeVisibleAsync();
            if (home != "/admin") Assert.Matches(@"\d", await page.Locator(count).InnerTextAsync());
            await page.ShotAsync("run-command-" + home.TrimStart('/'));

            // Interactive: a menu click changes the page inside the circuit, so what this window holds survives.
            await page.EvaluateAsync("() => window.wllmRunMarker = 'kept'");
            await page.Locator($"[data-testid='nav-menu'] a[href='{menuTarget}']").ClickAsync();
            await page.WaitForUrlExplainedAsync(baseAddress + menuTarget);
            Assert.Equal("kept", await page.EvaluateAsync<string?>("() => window.wllmRunMarker ?? null"));
            await page.Locator("[data-interactive='yes']").WaitForAsync();
            Assert.True(problems.Count == 0, email + ": " + string.Join(Environment.NewLine, problems));
        }
    }

    private Task<IBrowserContext> NewContextAsync() =>
        browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });

    /// <summary>A page whose failed responses (4xx/5xx), console errors and script errors are collected.</summary>
    private static async Task<(IPage Page, List<string> Problems)> WatchedPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) lock (problems) problems.Add($"{r.Status} {r.Url}"); };
        page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add("console: " + m.Text); };
        page.PageError += (_, e) => { lock (problems) problems.Add("page error: " + e); };
        return (page, problems);
    }
}

/// <summary>
/// <c>bash scripts/run.sh</c> in its own session (<c>setsid</c>: its own process group, so that the script, the
/// publish it may run and the portal it becomes end together), with <c>WLLM_URLS</c> on a free port and
/// <c>WLLM_DATA_DIR</c> in a fresh folder.
/// </summary>
public sealed class RunScript : IAsyncDisposable
{
    /// <summary>The first run publishes the portal (a minute or two on a quiet machine): generous, but finite.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(15);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string dataFolder;

    public string BaseAddress { get; }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    private RunScript(Process process, string baseAddress, string dataFolder)
    {
        this.process = process;
        BaseAddress = baseAddress;
        this.dataFolder = dataFolder;
    }

    public static async Task<RunScript> StartAsync()
    {
        var root = RepositoryPaths.Root;
        var port = PortalProcess.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "wllmsign-tests", "run-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("setsid") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The README's command, word for word.
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add("scripts/run.sh");
        // What `dotnet test` puts into its own environment is not the user's: the script runs as from a shell.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                     || k.Contains("__", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        info.Environment["WLLM_URLS"] = $"http://localhost:{port}";
        info.Environment["WLLM_DATA_DIR"] = data;

        var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var run = new RunScript(process, $"http://localhost:{port}", data);
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await run.WaitUntilAnsweringAsync();
        return run;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>Polls the sign-in page until it answers 200; fails at once when the script ends, or after <see cref="StartTimeout"/>.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var poll = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var until = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new Xunit.Sdk.XunitException($"scripts/run.sh exited with {process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await http.GetAsync(BaseAddress + "/Account/Login");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet (publishing, or starting)
            }
            catch (TaskCanceledException)
            {
                // listening but busy starting
            }
            await Task.WhenAny(process.WaitForExitAsync(), poll.WaitForNextTickAsync().AsTask());
        }
        throw new Xunit.Sdk.XunitException($"scripts/run.sh did not answer on {BaseAddress} within {StartTimeout}:{Environment.NewLine}{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        // The whole process group: bash, a publish still running, or the portal bash became.
        if (!process.HasExited) _ = Kill(-process.Id, Sigterm);
        using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try { await process.WaitForExitAsync(stopped.Token); } catch (OperationCanceledException) { }
        }
        _ = Kill(-process.Id, Sigkill);
        process.Dispose();
        try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
