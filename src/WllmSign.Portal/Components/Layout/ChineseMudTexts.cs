using Microsoft.Extensions.Localization;
using MudBlazor;

namespace WllmSign.Portal.Components.Layout;

/// <summary>
/// MudBlazor's built-in texts in Chinese: visible words and screen-reader labels (清除, 打开, 增加/减少, 关闭, 全选, 首页 …).
/// Registered with AddLocalizationInterceptor after AddMudServices; a key not listed here keeps MudBlazor's English.
/// </summary>
public sealed class ChineseMudTexts : ILocalizationInterceptor
{
    public static readonly IReadOnlyDictionary<string, string> Texts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MudAlert_Close"] = "关闭",
        ["MudBaseDatePicker_NextMonth"] = "下个月",
        ["MudBaseDatePicker_NextYear"] = "下一年",
        ["MudBaseDatePicker_Open"] = "打开日期选择",
        ["MudBaseDatePicker_PrevMonth"] = "上个月",
        ["MudBaseDatePicker_PrevYear"] = "上一年",
        ["MudBreadcrumbs_Label"] = "当前位置",
        ["MudChip_Close"] = "关闭",
        ["MudDataGridPager_AllItems"] = "全部",
        ["MudDataGridPager_FirstPage"] = "首页",
        ["MudDataGridPager_InfoFormat"] = "第{first_item}-{last_item}条，共{all_items}条",
        ["MudDataGridPager_LastPage"] = "末页",
        ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_PreviousPage"] = "上一页",
        ["MudDataGridPager_RowsPerPage"] = "每页条数",
        ["MudDataGrid_Loading"] = "加载中…",
        ["MudDataGrid_SelectAllRows"] = "全选",
        ["MudDataGrid_SelectRow"] = "选择此行",
        ["MudDateRangePicker_End"] = "结束日期",
        ["MudDateRangePicker_Start"] = "开始日期",
        ["MudDialog_Close"] = "关闭",
        ["MudFileUpload_Button"] = "选择文件",
        ["MudFileUpload_DragAndDrop"] = "拖放文件到此处",
        ["MudFormComponent_Required"] = "必填",
        ["MudInput_Clear"] = "清除",
        ["MudInput_Decrement"] = "减少",
        ["MudInput_Increment"] = "增加",
        ["MudNavGroup_ToggleExpand"] = "展开/收起{0}",
        ["MudPagination_CurrentPage"] = "当前第{0}页",
        ["MudPagination_FirstPage"] = "首页",
        ["MudPagination_LastPage"] = "末页",
        ["MudPagination_NextPage"] = "下一页",
        ["MudPagination_PageIndex"] = "第{0}页",
        ["MudPagination_PreviousPage"] = "上一页",
        ["MudRangeInput_End"] = "结束",
        ["MudRangeInput_Start"] = "开始",
        ["MudSelect_SelectAll"] = "全选",
        ["MudSnackbar_Close"] = "关闭",
        ["MudTablePager_FirstPage"] = "首页",
        ["MudTablePager_LastPage"] = "末页",
        ["MudTablePager_NextPage"] = "下一页",
        ["MudTablePager_PreviousPage"] = "上一页",
        ["MudTable_CancelEditRow"] = "取消编辑",
        ["MudTable_CollapseGroup"] = "收起分组",
        ["MudTable_CommitRow"] = "保存",
        ["MudTable_EditRow"] = "编辑",
        ["MudTable_ExpandGroup"] = "展开分组",
        ["MudTable_Loading"] = "加载中…",
        ["MudTable_SelectAllRows"] = "全选",
        ["MudTable_SelectGroup"] = "选择分组",
        ["MudTable_SelectRow"] = "选择此行",
        ["MudTabs_AddTab"] = "添加标签页",
        ["MudTabs_CloseTab"] = "关闭标签页",
        ["MudTabs_ScrollDown"] = "向下滚动",
        ["MudTabs_ScrollLeft"] = "向左滚动",
        ["MudTabs_ScrollRight"] = "向右滚动",
        ["MudTabs_ScrollUp"] = "向上滚动",
        ["MudTimePicker_Open"] = "打开时间选择",
    };

    private readonly DefaultLocalizationInterceptor fallback;

    public ChineseMudTexts(ILoggerFactory loggerFactory) => fallback = new DefaultLocalizationInterceptor(loggerFactory, null);

    public LocalizedString Handle(string key, params object[] arguments)
    {
        if (!Texts.TryGetValue(key, out var text)) return fallback.Handle(key, arguments);
        var value = arguments is { Length: > 0 } && text.Contains('{', StringComparison.Ordinal) && !text.Contains("_item}", StringComparison.Ordinal)
            ? string.Format(CultureInfo.InvariantCulture, text, arguments)
            : text;
        return new LocalizedString(key, value, resourceNotFound: false);
    }
}
