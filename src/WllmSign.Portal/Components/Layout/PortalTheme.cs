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
