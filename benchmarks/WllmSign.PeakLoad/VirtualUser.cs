using System.Diagnostics;
using WllmSign.PeakLoad.Headless;

namespace WllmSign.PeakLoad;

/// <summary>
/// One signed-in user with one tab (a headless circuit), acting every 5–15 s (think time) as their role does on a peak
/// day. Students: their home, an invitation, 同意签约 (once: one active agreement) or 拒绝, the invitation list.
/// Employers: their home, 数据管理 (tabs, paging, a student's name typed into the filter, 查询 and 重置), 签约发送 (the send
/// list and 已发送邀约). School admins: their home, the 签约鉴证 queue (paging, 通过 of a
/// row with its confirmation). Each step's interaction time (event or navigation → the first render batch that answers
/// it) goes to <see cref="LoadStats"/>; a write's fan-out is timed at the employer's and the school's circuits.
/// With several portal servers (--servers), the user signs in and keeps its circuit on server <paramref name="server"/>
/// (a sticky load balancer's behaviour: Blazor Server circuits need it).
/// </summary>
public sealed class VirtualUser(PeakUser user, LoadContext context, int server = 0)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The step under way (named in an error).</summary>
    private string step = "";

    private string Step(string name) => step = attributed = name;

    /// <summary>The last interaction started: the render batches that follow it (until the next) are counted for its kind.</summary>
    private string attributed = "";
    private static readonly string[] Tabs = ["全部", "待应约", "已应约", "待解约", "已解约"];
    private readonly Random random = new(user.Email.GetHashCode());
    private readonly HashSet<int> answered = [];
    private HeadlessCircuit? circuit;
    private bool accepted;
    private string page = "";
    private bool filteredByName;
    private int homeVisits;
    private int approvalsShown;

    // Live counts: the badge this user watches and the earliest write not yet seen in it.
    private string? badge;
    private long expectedSince;
    private bool expectedFromOtherServer;

    public PeakUser User => user;
    /// <summary>The index of the portal server this user's sign-in and circuit go to.</summary>
    public int Server => server;
    public bool Started { get; private set; }
    public bool Dropped { get; private set; }

    private string Home => user.Role switch { PeakRole.Student => "/student", PeakRole.Employer => "/employer", _ => "/school" };
    private string HomeReady => user.Role switch { PeakRole.Student => "count-invitations", PeakRole.Employer => "signing-todo-count", _ => "pending-signings" };
    private string? BadgeTestId => user.Role switch { PeakRole.Employer => "count-employer-signing", PeakRole.SchoolAdmin => "count-school-signings", _ => null };

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await context.SignInGate.WaitAsync(stop);
            try
            {
                var start = Stopwatch.GetTimestamp();
                var (cookies, _) = await BrowserSignIn.SignInAsync(context.Http, context.Servers[server], user.Email, PeakAccounts.Password);
                context.Stats.SignIn(Stopwatch.GetElapsedTime(start));
                start = Stopwatch.GetTimestamp();
                await OpenAsync(cookies);
                context.Stats.CircuitStart(Stopwatch.GetElapsedTime(start));
                context.Stats.Cookies[user.Email] = cookies;
            }
            finally
            {
                context.SignInGate.Release();
            }
            Started = true;
            context.Online(this);
            while (!stop.IsCancellationRequested)
            {
                var think = context.ThinkMin + (context.ThinkMax - context.ThinkMin) * random.NextDouble();
                await Task.Delay(think, stop);
                try
                {
                    await ActAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (circuit!.Dropped)
                    {
                        Dropped = true;
                        context.Stats.Drop(user.Email + ": " + circuit.Error);
                        return;
                    }
                    context.Stats.Error($"{user.Role} on {page}, step {step}: {e.Message}");
                    // A browser user would reload the page: a new circuit on the home page.
                    await circuit.DisposeAsync();
                    await OpenAsync(context.Stats.Cookies[user.Email]);
                }
                if (circuit?.FullNavigation is not null)
                {
                    await circuit.DisposeAsync();
                    await OpenAsync(context.Stats.Cookies[user.Email]);
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            context.Stats.Error($"{user.Role} {user.Email} could not start: {e.Message}");
        }
    }

    public async ValueTask CloseAsync()
    {
        if (circuit is not null) await circuit.DisposeAsync();
    }

    private async Task OpenAsync(System.Net.CookieContainer cookies)
    {
        var c = new HeadlessCircuit(context.Servers[server], cookies);
        c.AfterBatch = OnBatch;
        circuit = c;
        await c.StartAsync(context.Http, Home, t => t.ByTestId(HomeReady) is not null, StepTimeout);
        page = Home;
        homeVisits = 0;
        approvalsShown = 0;
    }

    private Task ActAsync() => user.Role switch
    {
        PeakRole.Student => StudentAsync(),
        PeakRole.Employer => EmployerAsync(),
        _ => SchoolAdminAsync(),
    };

    private async Task StudentAsync()
    {
        var open = user.Invitations.Where(i => !answered.Contains(i.SigningId)).ToList();
        var pick = random.NextDouble();
        if (open.Count > 0 && pick < 0.5)
        {
            var (signingId, employerId) = open[random.Next(open.Count)];
            await NavigateAsync($"/student/invitations/{signingId}", "status-words");
            if (pick >= 0.15) return; // read it, answer another time
            var c = circuit!;
            var accept = c.Read(t => t.ByTestId("accept"));
            var decline = c.Read(t => t.ByTestId("decline"));
            if (accept is null && decline is null)
            {
                answered.Add(signingId); // answered or expired meanwhile
                return;
            }
            if (!accepted && accept is { IsDisabled: false } && random.NextDouble() < 0.5)
            {
                context.Stats.Interaction(Step("同意签约 (dialog)"), await c.ClickAsync(accept, t => t.Clickable("确认同意") is not null, StepTimeout));
                var confirm = c.Read(t => t.Clickable("确认同意")!);
                context.Wrote(employerId, user.SchoolId, accepted: true, server);
                context.Stats.Write(Step("确认同意"), await c.ClickAsync(confirm, t => t.ByTestId("accepted-note") is not null, StepTimeout));
                accepted = true;
            }
            else if (decline is not null)
            {
                context.Stats.Interaction(Step("拒绝 (dialog)"), await c.ClickAsync(decline, t => t.Clickable("确认拒绝") is not null, StepTimeout));
                var confirm = c.Read(t => t.Clickable("确认拒绝")!);
                context.Wrote(employerId, user.SchoolId, accepted: false, server);
                context.Stats.Write(Step("确认拒绝"), await c.ClickAsync(confirm, t => t.ByTestId("decline") is null && t.Clickable("确认拒绝") is null, StepTimeout));
            }
            answered.Add(signingId);
        }
        else if (pick < 0.75) await NavigateAsync("/student/invitations", null, t => t.ByTestId("invitation-list") is not null || t.ByTestId("no-invitations") is not null);
        else await NavigateAsync("/student", "count-invitations");
    }

    private async Task EmployerAsync()
    {
        var pick = random.NextDouble();
        if (pick < 0.25)
        {
            await NavigateAsync("/employer", "signing-todo-count");
            return;
        }
        if (pick >= 0.85)
        {
            await SendPagesAsync();
            return;
        }
        if (page != "/employer/data") await NavigateAsync("/employer/data", null, ListShown);
        var c = circuit!;
        if (filteredByName)
        {
            // The last action searched one student by name: 重置 brings the whole list back.
            filteredByName = false;
            var reset = c.Read(t => t.ByTestId("filter-reset"))!;
            context.Stats.Interaction(Step("数据管理 重置"), await c.ClickAsync(reset, t => ListShown(t) && string.IsNullOrEmpty(NameField(t)?.Attr("value")), StepTimeout));
            return;
        }
        if (pick < 0.5)
        {
            var next = c.Read(t => t.ByTestId("pager-next"));
            var pages = c.Read(t => t.ByTestId("page-count")?.TextContent());
            if (next is { IsDisabled: false } && pages is not null)
            {
                context.Stats.Interaction(Step("数据管理 下一页"), await c.ClickAsync(next, t => t.ByTestId("page-count")?.TextContent() != pages, StepTimeout));
                return;
            }
        }
        if (pick >= 0.7)
        {
            // 学生姓名: a name the list shows, typed into the filter (its change event), then 查询.
            var name = c.Read(t => t.AllByTestId("row-name").Select(e => e.TextContent().Trim()).FirstOrDefault(n => n.Length > 0));
            var field = c.Read(NameField);
            if (name is not null && field is not null)
            {
                context.Stats.Interaction(Step("数据管理 输入姓名"), await c.ChangeAsync(field, name));
                var search = c.Read(t => t.ByTestId("filter-search"))!;
                context.Stats.Interaction(Step("数据管理 查询"), await c.ClickAsync(search, t => OnlyName(t, name), StepTimeout));
                filteredByName = true;
                return;
            }
        }
        var label = Tabs[random.Next(Tabs.Length)];
        var tab = c.Read(t => MudTab(t, label));
        if (tab is null) throw new InvalidOperationException($"no tab {label}");
        context.Stats.Interaction(Step("数据管理 tab"), await c.ClickAsync(tab));
    }

    /// <summary>签约发送: the send list (its query), then the 已发送邀约 tab; on the page already, the other tab.</summary>
    private async Task SendPagesAsync()
    {
        var c = circuit!;
        if (page != "/employer/send") await NavigateAsync("/employer/send", null, t => TableShown(t, "send-list"));
        else if (c.Read(t => TableShown(t, "sent-list")))
        {
            var list = c.Read(t => MudTab(t, "签约发送列表")) ?? throw new InvalidOperationException("no tab 签约发送列表");
            context.Stats.Interaction(Step("签约发送 签约发送列表"), await c.ClickAsync(list, t => TableShown(t, "send-list"), StepTimeout));
            return;
        }
        var sent = c.Read(t => MudTab(t, "已发送邀约")) ?? throw new InvalidOperationException("no tab 已发送邀约");
        context.Stats.Interaction(Step("签约发送 已发送邀约"), await c.ClickAsync(sent, t => TableShown(t, "sent-list"), StepTimeout));
    }

    private static LogicalNode? MudTab(LogicalNode t, string label) =>
        t.Elements().LastOrDefault(e => e.Events.ContainsKey("click") && e.Attr("class")?.Contains("mud-tab") == true && e.TextContent().Trim() == label);

    /// <summary>A MudTable with server data has loaded: a row's cell or its 暂无数据.</summary>
    private static bool TableShown(LogicalNode t, string testId) =>
        t.ByTestId(testId) is { } table && (table.Elements().Any(e => e.Name == "td" && e.Attr("data-label") is not null) || table.TextContent().Contains("暂无数据", StringComparison.Ordinal));

    /// <summary>Every row of the list is a student whose name contains <paramref name="name"/> (the filter matches a part of the name).</summary>
    private static bool OnlyName(LogicalNode t, string name)
    {
        var names = t.AllByTestId("row-name").Select(e => e.TextContent().Trim()).ToList();
        return names.Count > 0 && names.All(n => n.Contains(name, StringComparison.Ordinal));
    }

    /// <summary>The 学生姓名 filter's input element.</summary>
    private static LogicalNode? NameField(LogicalNode t) =>
        t.ByTestId("filter-name") is { } f ? (f.Name == "input" ? f : f.Elements().FirstOrDefault(e => e.Name == "input")) : null;

    private async Task SchoolAdminAsync()
    {
        var pick = random.NextDouble();
        if (pick < 0.3)
        {
            await NavigateAsync("/school", "pending-signings");
            return;
        }
        if (page != "/school/verify/signings") await NavigateAsync("/school/verify/signings", null, QueueShown);
        var c = circuit!;
        var approve = c.Read(t => t.AllByTestId("row-approve").FirstOrDefault(b => !b.IsDisabled));
        if (pick < 0.6 && approve is not null)
        {
            try
            {
                // Either the confirmation opens, or the handler ended without one: the row had just been verified by a
                // colleague of the same school and removed by a live reload the click crossed, and the server skipped the
                // click (the row's button was already disposed); the admin sees the row disappear, as in a browser.
                var shown = await c.ClickAsync(approve, t => t.Clickable("确定通过") is not null || c.LastEventHandled.IsCompleted, StepTimeout);
                if (c.Read(t => t.Clickable("确定通过")) is null)
                {
                    context.Stats.ClickOnVanishedRow();
                    return;
                }
                context.Stats.Interaction(Step("鉴证 通过 (dialog)"), shown);
                approvalsShown++;
            }
            catch (TimeoutException e)
            {
                var what = c.Read(t => $"dialogs {t.Elements().Count(x => x.Attr("class")?.Contains("mud-dialog ") == true)}, '确定通过' text {t.TextContent().Contains("确定通过")}, " +
                    $"providers {t.Elements().Count(x => x.Attr("class")?.Contains("mud-dialog-container") == true)}, rows {t.AllByTestId("row-approve").Count()}, batches {c.Batches}, home visits in this circuit {homeVisits}, approvals shown in it {approvalsShown}");
                throw new TimeoutException(e.Message + " [" + what + "]", e);
            }
            var confirm = c.Read(t => t.Clickable("确定通过")!);
            lock (this) expectedSince = 0; // this admin's own approval lowers the badge: not a fan-out
            context.Stats.Write(Step("确定通过"), await c.ClickAsync(confirm, t => t.ByTestId("batch-result") is not null, StepTimeout));
            return;
        }
        var next = c.Read(t => t.ByTestId("pager-next"));
        var pages = c.Read(t => t.ByTestId("page-count")?.TextContent());
        if (next is { IsDisabled: false } && pages is not null)
            context.Stats.Interaction(Step("签约鉴证 下一页"), await c.ClickAsync(next, t => t.ByTestId("page-count")?.TextContent() != pages, StepTimeout));
        else await NavigateAsync("/school", "pending-signings");
    }

    private static bool ListShown(LogicalNode t) =>
        t.ByTestId("signing-list") is not null && (t.ByTestId("row-name") is not null || t.ByTestId("no-records") is not null);

    private static bool QueueShown(LogicalNode t) => t.ByTestId("row-name") is not null || t.ByTestId("queue-empty") is not null;

    private Task NavigateAsync(string path, string? readyTestId) => NavigateAsync(path, readyTestId, null);

    private async Task NavigateAsync(string path, string? readyTestId, Func<LogicalNode, bool>? ready)
    {
        ready ??= t => t.ByTestId(readyTestId!) is not null;
        step = attributed = "navigate " + PathKind(path);
        var elapsed = await circuit!.NavigateAsync(path, ready, StepTimeout);
        page = path;
        if (path == Home) homeVisits++;
        context.Stats.Interaction("navigate " + PathKind(path), elapsed);
        step = "";
    }

    private static string PathKind(string path) => path.StartsWith("/student/invitations/", StringComparison.Ordinal) ? "/student/invitations/{id}" : path;

    /// <summary>A write concerning this user (a student answered their invitation): time until the badge changes.
    /// <paramref name="fromOtherServer"/>: the write was committed on another portal server (the change came through Redis).</summary>
    public void Expect(long since, bool fromOtherServer)
    {
        lock (this)
        {
            if (expectedSince != 0) return;
            expectedSince = since;
            expectedFromOtherServer = fromOtherServer;
        }
    }

    private void OnBatch(HeadlessCircuit c)
    {
        context.Stats.Batch(c.LastBatchBytes, attributed);
        if (BadgeTestId is not { } id) return;
        var now = c.Body.ByTestId(id)?.TextContent() ?? "";
        if (badge is not null && now != badge)
        {
            long since;
            bool other;
            lock (this)
            {
                since = expectedSince;
                other = expectedFromOtherServer;
                expectedSince = 0;
            }
            if (since != 0) context.Stats.Live(Stopwatch.GetElapsedTime(since, c.LastBatchTicks), other);
        }
        badge = now;
    }
}
