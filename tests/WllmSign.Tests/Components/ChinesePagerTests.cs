using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Components.Shared;

namespace WllmSign.Tests.Components;

/// <summary>The manual's pager: "当前共N条记录 共p/q页 | 首页 | 上一页 | 1 2 3 | 下一页 | 末页", in Chinese, driving the table.</summary>
public sealed class ChinesePagerTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    private static Task<TableData<int>> Load(TableState state, CancellationToken _) =>
        Task.FromResult(new TableData<int> { Items = Enumerable.Range(state.Page * state.PageSize, Math.Min(state.PageSize, 25 - state.Page * state.PageSize)), TotalItems = 25 });

    [Fact]
    public void Pager_shows_the_manuals_words_with_record_and_page_counts_and_moves_between_pages()
    {
        ctx.Render<MudPopoverProvider>();
        RenderFragment<int> row = i => b => { b.OpenComponent<MudTd>(0); b.AddAttribute(1, "ChildContent", (RenderFragment)(c => c.AddContent(0, i))); b.CloseComponent(); };
        var cut = ctx.Render<MudTable<int>>(p => p
            .Add(t => t.ServerData, Load)
            .Add(t => t.RowsPerPage, 10)
            .Add(t => t.RowTemplate, row)
            .Add(t => t.PagerContent, b => { b.OpenComponent<ChinesePager>(0); b.CloseComponent(); }));

        cut.WaitForAssertion(() => Assert.Equal("当前共25条记录", cut.Find("[data-testid='total-count']").TextContent));
        Assert.Equal("共1/3页", cut.Find("[data-testid='page-count']").TextContent);
        Assert.Equal(["首页", "上一页", "1", "2", "3", "下一页", "末页"], cut.FindAll("[data-testid='pager'] button").Select(b => b.TextContent.Trim()));
        Assert.True(cut.Find("[data-testid='pager-first']").HasAttribute("disabled"));
        Assert.DoesNotContain("Rows per page", cut.Markup, StringComparison.Ordinal);

        cut.Find("[data-testid='pager-next']").Click();
        cut.WaitForAssertion(() => Assert.Equal("共2/3页", cut.Find("[data-testid='page-count']").TextContent));
        Assert.Equal("page", cut.FindAll("[data-testid='pager-page']")[1].GetAttribute("aria-current"));

        cut.Find("[data-testid='pager-last']").Click();
        cut.WaitForAssertion(() => Assert.Equal("共3/3页", cut.Find("[data-testid='page-count']").TextContent));
        Assert.Equal(5, cut.FindAll("tbody tr").Count);
        Assert.True(cut.Find("[data-testid='pager-next']").HasAttribute("disabled"));
    }
}
