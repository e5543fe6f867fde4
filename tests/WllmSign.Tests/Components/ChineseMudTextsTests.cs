using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Components.Layout;

namespace WllmSign.Tests.Components;

/// <summary>MudBlazor's built-in texts (screen-reader labels too) are Chinese: no Clear, Open, Increment, Select all rows …</summary>
public sealed class ChineseMudTextsTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalizationInterceptor<ChineseMudTexts>();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void Clearable_and_numeric_fields_and_table_selection_speak_Chinese_to_screen_readers()
    {
        ctx.Render<MudPopoverProvider>();
        var text = ctx.Render<MudTextField<string>>(p => p.Add(x => x.Clearable, true).Add(x => x.Value, "张三").Add(x => x.Label, "姓名"));
        var number = ctx.Render<MudNumericField<int?>>(p => p.Add(x => x.Value, 3).Add(x => x.Label, "试用期"));
        var date = ctx.Render<MudDatePicker>(p => p.Add(x => x.Label, "报到期限"));
        var table = ctx.Render<MudTable<int>>(p => p.Add(x => x.Items, new[] { 1, 2 }).Add(x => x.MultiSelection, true)
            .Add(x => x.RowTemplate, i => b => { b.OpenComponent<MudTd>(0); b.CloseComponent(); }));

        var markup = text.Markup + number.Markup + date.Markup + table.Markup;
        foreach (var english in new[] { "\"Clear\"", "\"Increment\"", "\"Decrement\"", "\"Open\"", "Select all rows", "Select row" })
            Assert.DoesNotContain(english, markup, StringComparison.Ordinal);

        // The portal's registration: every label the issue names comes back in Chinese.
        var localizer = ctx.Services.GetRequiredService<ILocalizationInterceptor>();
        foreach (var (key, chinese) in new[] { ("MudInput_Clear", "清除"), ("MudBaseDatePicker_Open", "打开日期选择"), ("MudInput_Increment", "增加"),
                     ("MudInput_Decrement", "减少"), ("MudDialog_Close", "关闭"), ("MudTable_SelectAllRows", "全选"), ("MudTable_SelectRow", "选择此行"),
                     ("MudTablePager_FirstPage", "首页"), ("MudTablePager_PreviousPage", "上一页"), ("MudTablePager_NextPage", "下一页"), ("MudTablePager_LastPage", "末页") })
            Assert.Equal(chinese, localizer.Handle(key).Value);
    }
}
