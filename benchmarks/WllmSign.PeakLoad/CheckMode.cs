using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WllmSign.PeakLoad.Headless;

namespace WllmSign.PeakLoad;

/// <summary>
/// <c>--check</c>: the headless client against Chromium for the same users, on the same portal and data. An employer
/// and one of the students they invited: what each sees on their home page (the counts, the labels) in the headless
/// client and in Chromium; then the student says 同意签约 headlessly (the button, the confirmation dialog, 确认同意) while
/// the employer's home is open in both; Chromium must then show the state the headless client made (the invitation
/// accepted, the employer's 签约待办 one lower), and the headless employer circuit must have received the same live
/// update. Prints each comparison and exits 1 on any difference.
/// </summary>
public static class CheckMode
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(RunOptions o)
    {
        IReadOnlyList<PeakUser> users = [];
        var (portals, work, _) = await PeakPortal.StartAsync(o, async db => users = await PeakAccounts.EnsureAsync(db, 4, 2, 1));
        var portal = portals[0];
        var failures = 0;
        void Compare(string what, string headless, string chromium)
        {
            var same = Normalize(headless) == Normalize(chromium);
            if (!same) failures++;
            Console.WriteLine($"  {(same ? "same" : "DIFFERENT")}  {what}: headless \"{Normalize(headless)}\"  Chromium \"{Normalize(chromium)}\"");
        }
        try
        {
            await portal.WaitIdleAsync(TimeSpan.FromMinutes(5));
            var baseUri = new Uri(portal.BaseAddress);
            var student = users.First(u => u.Role == PeakRole.Student && u.Invitations.Count > 0);
            var (signingId, employerId) = student.Invitations[0];
            var employer = users.First(u => u.Role == PeakRole.Employer && u.EntityId == employerId);
            Console.WriteLine($"Portal {portal.BaseAddress}; employer {employer.Email}, student {student.Email} (invitation {signingId}); load {Benchmarks.Shared.PublishedPortal.LoadAverage()}");

            using var http = BrowserSignIn.CreateSharedClient();
            await using var headlessEmployer = await OpenAsync(http, baseUri, employer, "/employer", "signing-todo-count");
            await using var headlessStudent = await OpenAsync(http, baseUri, student, "/student", "count-invitations");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Environment.GetEnvironmentVariable("WLLM_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            });
            var chromeEmployer = await SignInChromiumAsync(browser, portal.BaseAddress, employer, "/employer", "signing-todo-count");
            var chromeStudent = await SignInChromiumAsync(browser, portal.BaseAddress, student, "/student", "count-invitations");

            // The circuits' WebSocket (decision 049): what Chromium offered and what the portal answered (DevTools'
            // handshake events), against the headless client's offer and answers.
            Console.WriteLine("The circuits' WebSocket (/_blazor):");
            foreach (var (offer, answer) in ChromiumHandshakes) Console.WriteLine($"  Chromium offered \"{offer}\", the portal answered \"{answer}\"");
            Console.WriteLine($"  headless: {WebSocketWire.Describe()}");
            Compare("Sec-WebSocket-Extensions answered on /_blazor", string.Join(" | ", WebSocketWire.Negotiated.Keys.Order()),
                string.Join(" | ", ChromiumHandshakes.Select(h => h.Answer).Distinct().Order()));
            Compare("Sec-WebSocket-Extensions offered", WebSocketWire.OfferHeader, string.Join(" | ", ChromiumHandshakes.Select(h => h.Offer).Distinct()));

            Console.WriteLine("Employer home (/employer):");
            foreach (var id in new[] { "signing-todo-count", "termination-todo-count", "employer-info", "recruit-link" })
                Compare(id, headlessEmployer.Read(t => t.ByTestId(id)?.TextContent() ?? "(none)"), await chromeEmployer.GetByTestId(id).InnerTextAsync());
            Console.WriteLine("Student home (/student):");
            foreach (var id in new[] { "count-invitations", "count-terminations", "student-info" })
                Compare(id, headlessStudent.Read(t => t.ByTestId(id)?.TextContent() ?? "(none)"), await chromeStudent.GetByTestId(id).InnerTextAsync());
            Compare("pending-invitation cards", headlessStudent.Read(t => t.AllByTestId("pending-invitation").Count().ToString()),
                (await chromeStudent.GetByTestId("pending-invitation").CountAsync()).ToString());
            Compare("buttons", headlessStudent.Read(t => string.Join("|", t.Elements().First(e => e.Attr("data-interactive") == "yes").Elements().Where(e => e.Name is "a" or "button" && e.Attr("class")?.Contains("mud-button-root") == true)
                    .Select(e => e.TextContent().Trim()))),
                string.Join("|", (await chromeStudent.Locator("[data-interactive='yes'] .mud-button-root").AllInnerTextsAsync()).Select(s => s.Trim())));

            // 同意签约 headlessly; both employer views are open and must follow.
            var before = int.Parse(headlessEmployer.Read(t => t.ByTestId("signing-todo-count")!.TextContent()));
            long changedAt = 0;
            headlessEmployer.AfterBatch = c =>
            {
                if (changedAt == 0 && c.Body.ByTestId("signing-todo-count")?.TextContent() is { } s && s != before.ToString()) changedAt = Stopwatch.GetTimestamp();
            };
            var open = await headlessStudent.NavigateAsync($"/student/invitations/{signingId}", t => t.ByTestId("accept") is { IsDisabled: false }, Wait);
            var accept = headlessStudent.Read(t => t.ByTestId("accept")!);
            var dialog = await headlessStudent.ClickAsync(accept, t => t.Clickable("确认同意") is not null, Wait);
            var confirm = headlessStudent.Read(t => t.Clickable("确认同意")!);
            var start = Stopwatch.GetTimestamp();
            var answered = await headlessStudent.ClickAsync(confirm, t => t.ByTestId("accepted-note") is not null, Wait);
            await headlessEmployer.WaitAsync(t => t.ByTestId("signing-todo-count")?.TextContent() == (before - 1).ToString(), Wait);
            Console.WriteLine($"Headless 同意签约 on invitation {signingId}: open {Ms(open)}, dialog {Ms(dialog)}, 确认同意 → first batch {Ms(answered)}; " +
                $"the employer's 签约待办 {before} → {before - 1} {Stopwatch.GetElapsedTime(start, changedAt).TotalMilliseconds:F0} ms after 确认同意");

            Console.WriteLine("After the headless answer, in Chromium:");
            await Assertions.Expect(chromeEmployer.GetByTestId("signing-todo-count")).ToHaveTextAsync((before - 1).ToString(), new() { Timeout = 120_000 });
            Compare("employer signing-todo-count (live, no reload)", headlessEmployer.Read(t => t.ByTestId("signing-todo-count")!.TextContent()),
                await chromeEmployer.GetByTestId("signing-todo-count").InnerTextAsync());
            await chromeStudent.GotoAsync($"{portal.BaseAddress}/student/invitations/{signingId}");
            await chromeStudent.GetByTestId("accepted-note").WaitForAsync(new() { Timeout = 120_000 });
            foreach (var id in new[] { "status-words", "accepted-note" })
                Compare(id, headlessStudent.Read(t => t.ByTestId(id)?.TextContent() ?? "(none)"), await chromeStudent.GetByTestId(id).InnerTextAsync());

            // 数据管理: another tab, then away to the home page (found by the load: the circuit died on the way out).
            await headlessEmployer.NavigateAsync("/employer/data", t => t.ByTestId("row-name") is not null || t.ByTestId("no-records") is not null, Wait);
            var tab = headlessEmployer.Read(t => t.Elements().Last(e => e.Events.ContainsKey("click") && e.Attr("class")?.Contains("mud-tab") == true && e.TextContent().Trim() == "已应约"));
            await headlessEmployer.ClickAsync(tab, t => t.Elements().Any(e => e.Attr("class")?.Contains("mud-tab-active") == true && e.TextContent().Trim() == "已应约"), Wait);
            try
            {
                await headlessEmployer.NavigateAsync("/employer", t => t.ByTestId("signing-todo-count") is not null, Wait);
            }
            catch (Exception) when (headlessEmployer.Error is not null) { }
            await chromeEmployer.GotoAsync($"{portal.BaseAddress}/employer/data");
            await chromeEmployer.Locator("[data-interactive='yes']").WaitForAsync();
            await chromeEmployer.Locator(".mud-tab", new() { HasTextString = "已应约" }).ClickAsync();
            await chromeEmployer.Locator("[data-testid='nav-menu'] a[href='/employer']").ClickAsync();
            await chromeEmployer.GetByTestId("signing-todo-count").Or(chromeEmployer.Locator("#blazor-error-ui:visible")).First.WaitForAsync();
            Compare("数据管理 → 已应约 → 用户中心: the circuit's error", headlessEmployer.Error ?? "none",
                await chromeEmployer.Locator("#blazor-error-ui").IsVisibleAsync() ? "the error bar is shown" : "none");

            if (o.Verbose)
                foreach (var (name, n) in headlessStudent.JsCalls.OrderBy(p => p.Key)) Console.WriteLine($"  JS call {name} ×{n}");
            Console.WriteLine(failures == 0 ? "CHECK PASSED: the headless client saw and did what Chromium shows." : $"CHECK FAILED: {failures} difference(s).");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            await portal.DisposeAsync();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<HeadlessCircuit> OpenAsync(HttpClient http, Uri baseUri, PeakUser user, string path, string readyTestId)
    {
        var (cookies, _) = await BrowserSignIn.SignInAsync(http, baseUri, user.Email, PeakAccounts.Password);
        var circuit = new HeadlessCircuit(baseUri, cookies);
        await circuit.StartAsync(http, path, t => t.ByTestId(readyTestId) is not null, Wait);
        return circuit;
    }

    private static async Task<IPage> SignInChromiumAsync(IBrowser browser, string baseAddress, PeakUser user, string path, string readyTestId)
    {
        var context = await browser.NewContextAsync(new() { Locale = "zh-CN" });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        var devtools = await context.NewCDPSessionAsync(page);
        await devtools.SendAsync("Network.enable");
        var offers = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        devtools.Event("Network.webSocketWillSendHandshakeRequest").OnEvent += (_, e) =>
            offers[e!.Value.GetProperty("requestId").GetString()!] = Header(e.Value.GetProperty("request").GetProperty("headers"), "Sec-WebSocket-Extensions") ?? "(none)";
        devtools.Event("Network.webSocketHandshakeResponseReceived").OnEvent += (_, e) =>
        {
            var response = e!.Value.GetProperty("response");
            // The headers as sent on the wire, when DevTools has them (the network stack adds the extension offer itself).
            var offer = response.TryGetProperty("requestHeaders", out var sent) ? Header(sent, "Sec-WebSocket-Extensions") : null;
            ChromiumHandshakes.Enqueue((offer ?? offers.GetValueOrDefault(e.Value.GetProperty("requestId").GetString()!, "(none)"),
                Header(response.GetProperty("headers"), "Sec-WebSocket-Extensions") ?? ""));
        };
        await page.GotoAsync(baseAddress + "/Account/Login");
        await page.FillAsync("#Input\\.Email", user.Email);
        await page.FillAsync("#Input\\.Password", PeakAccounts.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(baseAddress + path, new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-interactive='yes']").WaitForAsync();
        await page.GetByTestId(readyTestId).WaitForAsync();
        return page;
    }

    /// <summary>Each WebSocket handshake of the Chromium pages: the extensions offered and the portal's answer ("" none).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentQueue<(string Offer, string Answer)> ChromiumHandshakes = new();

    private static string? Header(System.Text.Json.JsonElement headers, string name) =>
        headers.EnumerateObject().Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.GetString()).FirstOrDefault();

    // Whitespace differs (innerText breaks lines between blocks); 上次登录 differs by design (each sign-in of the check is the next one's "last").
    private static string Normalize(string s)
    {
        s = Regex.Replace(s, "\\s+", "");
        var last = s.IndexOf("上次登录", StringComparison.Ordinal);
        return last >= 0 ? s[..last] + "(上次登录…)" : s;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";
}
