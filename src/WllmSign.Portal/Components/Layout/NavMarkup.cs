using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Components;

namespace WllmSign.Portal.Components.Layout;

/// <summary>
/// The menu's fixed markup (icons, entry texts, group titles) as strings built once per process and shared by every
/// circuit: one render-tree frame each instead of an element and its attributes per SVG (docs/decisions/033-circuit-memory.md).
/// The keys are the menu's own constants, so the caches stay small.
/// </summary>
internal static class NavMarkup
{
    private static readonly ConcurrentDictionary<string, MarkupString> IconMarkup = new();
    private static readonly ConcurrentDictionary<(string? Icon, string Text), MarkupString> Entries = new();
    private static readonly ConcurrentDictionary<(string Title, string Icon), MarkupString> Titles = new();

    private static string Svg(string icon, string cssClass) =>
        $"<svg class=\"{cssClass}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>";

    private const string LinkIconClass = "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default";

    public static MarkupString Icon(string? icon) =>
        icon is null ? default : IconMarkup.GetOrAdd(icon, i => new MarkupString(Svg(i, LinkIconClass)));

    public static MarkupString Entry(string? icon, string text) =>
        Entries.GetOrAdd((icon, text), k => new MarkupString(
            (k.Icon is null ? "" : Svg(k.Icon, LinkIconClass)) + $"<div class=\"mud-nav-link-text\">{WebUtility.HtmlEncode(k.Text)}</div>"));

    // The app bar's unread badge as MudBadge renders it, one string per figure shown (1 … 99, 99+), shared by every circuit.
    private static readonly MarkupString[] Badges = [.. Enumerable.Range(0, 101).Select(n => new MarkupString(n == 0 ? ""
        : "<span class=\"mud-badge-wrapper mud-badge-top right\"><span role=\"status\" aria-live=\"polite\" class=\"mud-badge mud-badge-top right mud-elevation-0 mud-theme-error mud-badge-overlap\">"
          + (n > 99 ? "99+" : n.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "</span></span>"))];

    /// <summary>The badge of <paramref name="unread"/> unread notifications; nothing for none.</summary>
    public static MarkupString Badge(int unread) => Badges[Math.Clamp(unread, 0, 100)];

    public static MarkupString GroupTitle(string title, string icon) =>
        Titles.GetOrAdd((title, icon), k => new MarkupString(
            "<summary class=\"mud-nav-link mud-ripple\">" + Svg(k.Icon, LinkIconClass)
            + $"<div class=\"mud-nav-link-text\">{WebUtility.HtmlEncode(k.Title)}</div>"
            + Svg(MudBlazor.Icons.Material.Filled.ArrowDropDown, "mud-icon-root mud-svg-icon mud-icon-size-medium mud-nav-link-expand-icon")
            + "</summary>"));
}
