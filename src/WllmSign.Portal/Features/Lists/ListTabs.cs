namespace WllmSign.Portal.Features.Lists;

/// <summary>The tabs above a list (数据管理, 解约办理).</summary>
public static class ListTabs
{
    /// <summary>
    /// The tab to show after MudTabs reports <paramref name="reported"/>. While a page is left, MudTabs removes its panels
    /// and can report -1 (no panel) in a render that still runs; the peak-load run saw circuits die on it. An index that is
    /// not one of the <paramref name="count"/> tabs keeps the current one.
    /// </summary>
    public static int Keep(int reported, int current, int count) => reported >= 0 && reported < count ? reported : current;
}
