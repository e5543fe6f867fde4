using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Domain.Common;
using WllmSign.Portal.Components.Layout;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Tests.Components;

/// <summary>
/// The verification queue component, with a fake service: rows render, a batch approve sends the selected ids; the rows are
/// the markup MudTable's multi-selection, MudTd, MudCheckBox and MudButton rendered (decision 050); a live change that leaves
/// the page as shown renders nothing.
/// </summary>
public sealed class SchoolAdminVerificationQueueTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private readonly FakeVerificationService service = new();
    private readonly CurrentUser admin = new("u1", "湖北工业大学管理员", Roles.SchoolAdmin, null, null, 1);

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalizationInterceptor<ChineseMudTexts>(); // as the portal: MudTable's 全选
        ctx.Services.AddSingleton<IVerificationService>(service);
        WllmSign.Tests.Features.Live.LiveServices.AddLiveCountsForComponents(ctx.Services); // the queue refreshes on live changes
        ctx.Services.AddSingleton<PendingCountsService>(new NoCounts());
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void Queue_renders_one_row_per_signing_with_masked_id_numbers()
    {
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));

        cut.WaitForAssertion(() => Assert.Equal(["王伟", "李娜", "张敏"], cut.FindAll("[data-testid='row-name']").Select(td => td.TextContent.Trim())));
        Assert.Contains("420102********3321", cut.Markup);
        Assert.Contains("上海萃思软件有限公司", cut.Markup);
        Assert.Equal((VerificationKind.Signing, 0, 20), (service.LastKind, service.LastPage.Index, service.LastPage.Size));
        Assert.True(cut.Find("[data-testid='batch-approve']").HasAttribute("disabled"));
    }

    [Fact]
    public void Batch_approve_asks_for_confirmation_then_sends_the_selected_ids_and_reports_each_outcome()
    {
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));

        // Tick the first and the third row.
        var rows = cut.FindAll("tbody tr");
        rows[0].QuerySelector("input[type=checkbox]")!.Change(true);
        cut.FindAll("tbody tr")[2].QuerySelector("input[type=checkbox]")!.Change(true);
        cut.WaitForAssertion(() => Assert.Contains("已选 2 条", cut.Find("[data-testid='selected-count']").TextContent));

        cut.Find("[data-testid='batch-approve']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("确定对选中的 2 条记录签约鉴证通过吗", dialogs.Markup));
        Assert.Empty(service.Approved); // nothing happens before the confirmation
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("确定通过")).Click();

        cut.WaitForAssertion(() => Assert.Equal([11, 13], Assert.Single(service.Approved).Order()));
        cut.WaitForAssertion(() => Assert.Contains("1 条鉴证通过，1 条失败", cut.Find("[data-testid='batch-result']").TextContent));
        Assert.Contains("该记录已被他人处理，请刷新后重试", cut.Find("[data-testid='batch-result']").TextContent);
    }

    [Fact]
    public void A_rows_approve_names_the_student_and_employer_in_the_confirmation_and_approves_that_signing_only()
    {
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));

        var table = cut.FindComponent<MudTable<VerificationRow>>();
        var renders = table.RenderCount;
        cut.FindAll("[data-testid='row-approve']")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("确定对 李娜（", dialogs.Markup));
        Assert.Equal(renders, table.RenderCount); // the click changed nothing in the queue: its rows are not rendered again
        Assert.Contains("）的签约鉴证通过吗", dialogs.Markup);
        Assert.DoesNotContain("王伟", dialogs.Markup);
        Assert.Empty(service.Approved);
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("确定通过")).Click();

        cut.WaitForAssertion(() => Assert.Equal([12], Assert.Single(service.Approved)));
    }

    [Fact]
    public void The_table_renders_the_markup_MudTable_rendered_with_multi_selection_MudTh_MudTd_MudCheckBox_and_MudButton()
    {
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));
        var reference = ctx.Render<MudTable<VerificationRow>>(p => p
            .Add(t => t.Items, service.Rows).Add(t => t.MultiSelection, true)
            .Add(t => t.Dense, true).Add(t => t.Hover, true).Add(t => t.Striped, true).Add(t => t.Breakpoint, Breakpoint.Sm)
            .Add(t => t.HeaderContent, MudThHeader).Add(t => t.RowTemplate, MudTdCells));

        // One addition: the rows, which a click selected before as now, say so with MudTable's class for clickable rows
        // (cursor: pointer; MudTable adds it with OnRowClick, which now does the selection).
        var mine = WithoutIdsAndHandlers(cut.Find("table").OuterHtml).Replace(" mud-table-row-clickable", "", StringComparison.Ordinal);
        mine.MarkupMatches(WithoutIdsAndHandlers(reference.Find("table").OuterHtml));
        // Each box is labelled by its own 选择此行 (全选 in the header), as MudCheckBox's AriaLabel did.
        Assert.All(cut.FindAll("input[type='checkbox']"), i => Assert.Contains(cut.Find("#" + i.GetAttribute("aria-labelledby")).TextContent, new[] { "全选", "选择此行" }));
        // A button's click stays on the button (MudButton stopped it), the box's too (MudCheckBox's StopClickPropagation).
        Assert.All(cut.FindAll("tbody tr button"), b => Assert.True(b.HasAttribute("blazor:onclick:stoppropagation")));
        Assert.All(cut.FindAll("tbody tr label"), l => Assert.True(l.HasAttribute("blazor:onclick:stoppropagation")));
    }

    [Fact]
    public void A_click_on_a_row_selects_it_and_the_header_box_selects_and_clears_the_page()
    {
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));
        string Count() => cut.Find("[data-testid='selected-count']").TextContent;
        IElement Header() => cut.Find("thead input[type='checkbox']");

        cut.FindAll("[data-testid='row-name']")[1].Click(); // the cell: MudTable's row click toggles the row
        Assert.Equal("已选 1 条", Count());
        Assert.True(cut.FindAll("tbody tr")[1].QuerySelector("input")!.HasAttribute("checked"));
        Assert.Contains("mud-checkbox-null", cut.Find("thead .mud-checkbox span").ClassName, StringComparison.Ordinal); // some selected
        Assert.False(cut.Find("[data-testid='batch-approve']").HasAttribute("disabled"));

        Header().Change(true);
        Assert.Equal("已选 3 条", Count());
        Assert.True(Header().HasAttribute("checked"));
        cut.FindAll("tbody tr label")[0].KeyDown(new KeyboardEventArgs { Key = "Delete" }); // MudCheckBox's keys
        Assert.Equal("已选 2 条", Count());
        cut.FindAll("tbody tr label")[0].KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Header().Change(false);
        Assert.Equal("已选 0 条", Count());
        Assert.Contains("mud-checkbox-false", cut.Find("thead .mud-checkbox span").ClassName, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid='batch-approve']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_live_change_that_leaves_the_page_as_shown_renders_nothing_and_one_that_changes_it_shows_the_new_rows()
    {
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));
        var live = ctx.Services.GetRequiredService<LiveCountsState>();
        await live.StartAsync(admin);
        var notifier = ctx.Services.GetRequiredService<LiveNotifier>();
        var table = cut.FindComponent<MudTable<VerificationRow>>();
        cut.FindAll("tbody tr input[type='checkbox']")[2].Change(true); // 张敏 selected

        var (renders, queries) = (table.RenderCount, service.Queries);
        notifier.Publish(new LiveChange([], [], [admin.SchoolId!.Value])); // e.g. this admin's own verification, already shown
        cut.WaitForAssertion(() => Assert.Equal(queries + 1, service.Queries));
        Assert.Equal(renders, table.RenderCount);

        service.Rows.RemoveAt(2); // a colleague verified 张敏; a student of the school accepted
        service.Rows.Add(FakeVerificationService.Row(14, "赵磊"));
        notifier.Publish(new LiveChange([], [], [admin.SchoolId!.Value]));
        cut.WaitForAssertion(() => Assert.Equal(["王伟", "李娜", "赵磊"], cut.FindAll("[data-testid='row-name']").Select(e => e.TextContent.Trim())));
        Assert.Equal(queries + 2, service.Queries); // the table showed the page the live update read
        cut.WaitForAssertion(() => Assert.Equal("已选 0 条", cut.Find("[data-testid='selected-count']").TextContent)); // 张敏 is gone
    }

    /// <summary>The markup without the element ids MudBlazor makes up per instance and Blazor's event-handler attributes.</summary>
    private static string WithoutIdsAndHandlers(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "\\s(id|aria-labelledby|blazor:[a-z:]+)=\"[^\"]*\"", "");

    private static RenderFragment MudThHeader => b =>
    {
        foreach (var (text, css) in new[] { ("学生", ""), ("院系 / 专业", ""), ("单位名称 / 拟聘用职位", ""), ("邀请日期 / 应约时间", ""), ("操作", "") })
        {
            b.OpenComponent<MudTh>(0);
            if (css.Length > 0) b.AddComponentParameter(1, nameof(MudTh.Class), css);
            b.AddComponentParameter(2, nameof(MudTh.ChildContent), (RenderFragment)(c => c.AddContent(0, text)));
            b.CloseComponent();
        }
    };

    /// <summary>The row as the queue rendered it before decision 050: MudTd cells and MudButtons.</summary>
    private static RenderFragment<VerificationRow> MudTdCells => row => b =>
    {
        void Cell(string label, string html)
        {
            b.OpenComponent<MudTd>(0);
            b.AddComponentParameter(1, nameof(MudTd.DataLabel), label);
            b.AddComponentParameter(2, nameof(MudTd.ChildContent), (RenderFragment)(c => c.AddMarkupContent(0, html)));
            b.CloseComponent();
        }
        Cell("学生", $"<div class=\"q-main\" data-testid=\"row-name\">{row.StudentName}</div><div class=\"q-sub\">{row.MaskedIdNumber}</div>");
        Cell("院系 / 专业", $"<div class=\"q-main\">{row.Faculty}</div><div class=\"q-sub\">{row.Major} · {row.GraduationYear}届</div>");
        Cell("单位名称 / 拟聘用职位", $"<div class=\"q-main\">{row.EmployerName}</div><div class=\"q-sub\">{row.Position}</div>");
        Cell("邀请日期 / 应约时间", $"<div class=\"q-main\">{ChinaTime.ToChina(row.InvitedAt):yyyy-MM-dd}</div><div class=\"q-sub\">应约 {ChinaTime.ToChina(row.AcceptedAt!.Value):yyyy-MM-dd HH:mm}</div>");
        b.OpenComponent<MudTd>(10);
        b.AddComponentParameter(11, nameof(MudTd.DataLabel), "操作");
        b.AddComponentParameter(12, nameof(MudTd.ChildContent), (RenderFragment)(c =>
        {
            c.OpenElement(0, "div");
            c.AddAttribute(1, "class", "q-actions");
            foreach (var (text, color, testId) in new[] { ("查看详情", Color.Primary, "row-detail"), ("通过", Color.Success, "row-approve"), ("不通过", Color.Error, "row-reject") })
            {
                c.OpenComponent<MudButton>(2);
                c.AddComponentParameter(3, nameof(MudButton.Size), Size.Small);
                c.AddComponentParameter(4, nameof(MudButton.Variant), Variant.Text);
                c.AddComponentParameter(5, nameof(MudButton.Color), color);
                c.AddAttribute(6, "data-testid", testId);
                c.AddComponentParameter(7, nameof(MudButton.ChildContent), (RenderFragment)(d => d.AddContent(0, text)));
                c.CloseComponent();
            }
            c.CloseElement();
        }));
        b.CloseComponent();
    };

    private sealed class NoCounts() : PendingCountsService(null!, TimeProvider.System)
    {
        public override Task<PendingCountsSnapshot> GetAsync(CurrentUser user, CancellationToken ct = default) => Task.FromResult(PendingCountsSnapshot.Empty);
    }

    private sealed class FakeVerificationService : IVerificationService
    {
        public List<IReadOnlyCollection<int>> Approved { get; } = [];
        public VerificationKind LastKind { get; private set; }
        public PageRequest LastPage { get; private set; } = new();
        public int Queries;

        private static readonly DateTimeOffset At = new(2026, 11, 2, 3, 0, 0, TimeSpan.Zero);

        public List<VerificationRow> Rows { get; } =
        [
            Row(11, "王伟"), Row(12, "李娜"), Row(13, "张敏"),
        ];

        public static VerificationRow Row(int id, string name) => new(id, name, "420102********3321", "2023500" + id, "计算机学院", "软件工程", 2027,
            "上海萃思软件有限公司", "PHP前端工程师", At, At.AddDays(1), null, null, null);

        public Task<Page<VerificationRow>> QueueAsync(CurrentUser user, VerificationKind kind, VerificationFilter filter, PageRequest page, CancellationToken ct = default)
        {
            LastKind = kind;
            LastPage = page;
            Interlocked.Increment(ref Queries);
            return Task.FromResult(new Page<VerificationRow>([.. Rows], Rows.Count));
        }

        public Task<FacultyMajors> FacultiesAsync(CurrentUser user) =>
            Task.FromResult(new FacultyMajors(["计算机学院"], [("计算机学院", "软件工程")]));

        public Task<SigningDetail?> DetailAsync(CurrentUser user, int signingId) => Task.FromResult<SigningDetail?>(null);

        public Task<BatchResult> ApproveAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds)
        {
            Approved.Add(signingIds);
            var ids = signingIds.Order().ToList();
            return Task.FromResult(new BatchResult(
            [
                new VerificationOutcome(ids[0], "王伟（上海萃思软件有限公司）", true, null),
                .. ids.Skip(1).Select(id => new VerificationOutcome(id, "张敏（上海萃思软件有限公司）", false, SigningStore.ConflictMessage)),
            ]));
        }

        public Task<BatchResult> RejectAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds, string? remark) =>
            throw new NotSupportedException();
    }
}
