using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Lists;

namespace WllmSign.Tests.Components;

/// <summary>
/// 数据管理's list and filter bar (decision 046): the list's cells are plain &lt;td&gt; elements that render what MudTd rendered; the selection
/// still follows a click; a re-render of the page that changes nothing the list shows does not render the list again.
/// </summary>
public sealed class SigningListTableTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();

    private static readonly SigningListRow[] Rows =
    [
        new(1, "武汉大学", "张三", "4201**********1234", "本科", "计算机科学与技术", 2027, new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero), "待应约", "未鉴证"),
        new(2, "华中科技大学", "李四", "4201**********5678", "硕士", "软件工程", 2027, new DateTimeOffset(2026, 11, 3, 3, 0, 0, TimeSpan.Zero), "已应约", "待鉴证"),
    ];

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    private int loads;

    private Task<Page<SigningListRow>> Load(PageRequest page, SigningListOrder order, CancellationToken ct)
    {
        Interlocked.Increment(ref loads);
        return Task.FromResult(new Page<SigningListRow>(Rows, Rows.Length));
    }

    /// <summary>The row as the list rendered it with MudTd cells (before decision 046), the selection box left out.</summary>
    private static RenderFragment<SigningListRow> MudTdCells => row => b =>
    {
        void Cell(string label, string? css, string? testId, string text)
        {
            b.OpenComponent<MudTd>(0);
            b.AddComponentParameter(1, nameof(MudTd.DataLabel), label);
            if (css is not null) b.AddComponentParameter(2, nameof(MudTd.Class), css);
            if (testId is not null) b.AddAttribute(3, "data-testid", testId);
            b.AddComponentParameter(4, nameof(MudTd.ChildContent), (RenderFragment)(c => c.AddContent(0, text)));
            b.CloseComponent();
        }
        Cell("院校名称", "wllm-wrap", null, row.SchoolName);
        Cell("姓名", null, "row-name", row.StudentName);
        Cell("身份证号", null, "row-id", row.MaskedIdNumber);
        Cell("学历", null, null, row.Degree);
        Cell("专业", "wllm-wrap", null, row.Major);
        Cell("邀请日期", null, null, WllmSign.Domain.Common.ChinaTime.ToChina(row.InvitedAt).ToString("yyyy.MM.dd"));
        Cell("应约状态", null, "row-response", row.ResponseText);
        Cell("鉴证状态", null, "row-verification", row.VerificationText);
    };

    [Fact]
    public void The_cells_render_the_markup_MudTd_rendered()
    {
        ctx.Render<MudPopoverProvider>();
        var list = ctx.Render<SigningListTable>(p => p.Add(t => t.Load, Load));
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("[data-testid='row-name']").Count));
        var reference = ctx.Render<MudTable<SigningListRow>>(p => p
            .Add(t => t.Items, Rows)
            .Add(t => t.RowTemplate, MudTdCells));

        var rows = list.FindAll("tbody tr");
        var expected = reference.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Children.Skip(1).ToList(); // the selection box: the next test
            var want = expected[i].Children.ToList();
            Assert.Equal(want.Count, cells.Count);
            for (var c = 0; c < cells.Count; c++) cells[c].OuterHtml.MarkupMatches(want[c].OuterHtml);
        }
        Assert.Contains("mud-checkbox", rows[0].Children[0].InnerHtml, StringComparison.Ordinal);
    }

    /// <summary>The markup without the element ids MudBlazor makes up per instance and Blazor's event-handler attributes.</summary>
    private static string WithoutIdsAndHandlers(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "\\s(id|blazor:[a-z:]+)=\"[^\"]*\"", "");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_selection_box_renders_the_markup_MudCheckBox_rendered(bool selected)
    {
        ctx.Render<MudPopoverProvider>();
        var list = ctx.Render<SigningListTable>(p => p.Add(t => t.Load, Load).Add(t => t.Selected, selected ? Rows[0] : null));
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("[data-testid='row-name']").Count));
        var reference = ctx.Render<MudCheckBox<bool>>(p => p
            .Add(c => c.Value, selected).Add(c => c.Dense, true).Add(c => c.Size, Size.Small)
            .AddUnmatched("aria-label", "选择"));

        var box = list.FindAll("tbody tr")[0].Children[0].FirstElementChild!;
        WithoutIdsAndHandlers(box.OuterHtml).MarkupMatches(WithoutIdsAndHandlers(reference.Markup));
        Assert.Equal(selected, box.QuerySelector("input")!.HasAttribute("checked"));
    }

    [Fact]
    public void The_selection_box_toggles_the_row_and_its_click_does_not_reach_the_row()
    {
        ctx.Render<MudPopoverProvider>();
        SigningListRow? selected = null;
        var changes = 0;
        var list = ctx.Render<SigningListTable>(p => p
            .Add(t => t.Load, Load)
            .Add(t => t.SelectedChanged, (SigningListRow? r) => { selected = r; changes++; }));
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("[data-testid='row-name']").Count));

        list.FindAll("tbody tr")[1].QuerySelector("input[type='checkbox']")!.Change(true);
        Assert.Equal((2, 1), (selected?.Id, changes));
        list.Render(p => p.Add(t => t.Selected, selected));
        Assert.True(list.FindAll("tbody tr")[1].QuerySelector("input")!.HasAttribute("checked"));
        // The label stops the click (the browser would not pass it to the row's handler).
        Assert.True(list.FindAll("tbody tr")[1].QuerySelector("label")!.HasAttribute("blazor:onclick:stoppropagation"));

        list.FindAll("tbody tr")[1].QuerySelector("input[type='checkbox']")!.Change(false);
        Assert.Null(selected);
        list.Render(p => p.Add(t => t.Selected, selected));
        list.FindAll("tbody tr")[0].QuerySelector("label")!.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal(1, selected?.Id);
        list.Render(p => p.Add(t => t.Selected, selected));
        list.FindAll("tbody tr")[0].QuerySelector("label")!.KeyDown(new KeyboardEventArgs { Key = "Delete" });
        Assert.Null(selected);
    }

    [Fact]
    public void A_click_selects_the_row_and_a_page_render_with_the_same_selection_does_not_render_the_list_again()
    {
        ctx.Render<MudPopoverProvider>();
        SigningListRow? selected = null;
        var list = ctx.Render<SigningListTable>(p => p
            .Add(t => t.Load, Load)
            .Add(t => t.Selected, selected)
            .Add(t => t.SelectedChanged, (SigningListRow? r) => selected = r));
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("[data-testid='row-name']").Count));

        list.FindAll("[data-testid='row-name']")[1].Click();
        Assert.Equal(2, selected?.Id);
        list.Render(p => p.Add(t => t.Selected, selected)); // the page passes the new selection down
        Assert.Contains("mud-selected-item", list.FindAll("tbody tr")[1].GetAttribute("class"), StringComparison.Ordinal);
        Assert.DoesNotContain("mud-selected-item", list.FindAll("tbody tr")[0].GetAttribute("class") ?? "", StringComparison.Ordinal);

        var table = list.FindComponent<MudTable<SigningListRow>>();
        var renders = table.RenderCount;
        list.Render(p => p.Add(t => t.Selected, selected).Add(t => t.Load, Load)); // the page re-renders: same selection
        Assert.Equal(renders, table.RenderCount);

        list.Render(p => p.Add(t => t.Selected, null)); // cleared by the page (a tab change): rendered
        Assert.True(table.RenderCount > renders);
        Assert.DoesNotContain("mud-selected-item", list.FindAll("tbody tr")[1].GetAttribute("class") ?? "", StringComparison.Ordinal);
        Assert.Equal(1, loads);
    }

    /// <summary>The filter bar of 数据管理 / 解约办理 (decision 046): not rendered again by a page render with the same options;
    /// its own fields, 查询 and 重置 behave as before.</summary>
    [Fact]
    public void Typed_name_is_searched_a_page_render_does_not_render_the_inputs_and_reset_clears_the_field()
    {
        ctx.Render<MudPopoverProvider>();
        var options = new SigningFilterOptions([], [2027]);
        var searched = new List<SigningListFilter>();
        var bar = ctx.Render<SigningFilterBar>(p => p
            .Add(b => b.Options, options)
            .Add(b => b.OnSearch, (SigningListFilter f) => searched.Add(f)));

        bar.Find("input[data-testid='filter-name'], [data-testid='filter-name'] input").Change("张三");
        bar.Find("[data-testid='filter-search']").Click();
        bar.WaitForAssertion(() => Assert.Equal("张三", Assert.Single(searched).StudentName));

        var field = bar.FindComponents<MudTextField<string>>()[0];
        var (renders, fieldRenders) = (bar.RenderCount, field.RenderCount);
        bar.Render(p => p.Add(b => b.Options, options)); // the page re-renders (a tab, a page of the list)
        Assert.Equal((renders, fieldRenders), (bar.RenderCount, field.RenderCount));
        Assert.Equal("张三", bar.Find("input[data-testid='filter-name'], [data-testid='filter-name'] input").GetAttribute("value"));

        bar.Find("[data-testid='filter-reset']").Click();
        bar.WaitForAssertion(() => Assert.Equal(2, searched.Count));
        Assert.Null(searched[^1].StudentName);
        bar.WaitForAssertion(() => Assert.True(string.IsNullOrEmpty(bar.Find("input[data-testid='filter-name'], [data-testid='filter-name'] input").GetAttribute("value"))));

        var newer = new SigningFilterOptions([], [2026, 2027]); // new options: rendered
        renders = bar.RenderCount;
        bar.Render(p => p.Add(b => b.Options, newer));
        Assert.True(bar.RenderCount > renders);
    }
}
