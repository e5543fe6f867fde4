using MudBlazor;

namespace WllmSign.Portal.Components.Layout;

/// <summary>The portal's colours and a Chinese font stack (system fonts only: no web fonts are fetched).</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            AppbarBackground = "#1565c0",
            Secondary = "#e65100",
            // Darker than MudBlazor's defaults so text on and in these colours keeps WCAG AA contrast (4.5:1; axe in AccessibilityTests).
            Info = "#0b5394",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Error = "#b71c1c",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
