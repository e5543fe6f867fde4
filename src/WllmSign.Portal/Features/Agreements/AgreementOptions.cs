namespace WllmSign.Portal.Features.Agreements;

/// <summary>The <c>Agreements</c> section of the configuration.</summary>
public sealed class AgreementOptions
{
    public const string Section = "Agreements";

    /// <summary>
    /// A TrueType CJK font (.ttf, or a .ttc whose first face is used). Empty: the usual paths of Debian
    /// (fonts-wqy-zenhei), Windows (msyh.ttc, simsun.ttc) and macOS (PingFang, STHeiti) are tried in turn.
    /// </summary>
    public string? FontPath { get; set; }

    /// <summary>
    /// A second font for rare characters the main font lacks (e.g. 𠮷 in CJK Extension B). Empty: Debian's
    /// fonts-hanazono (HanaMinB.ttf) or Windows' simsunb.ttf when present. Optional.
    /// </summary>
    public string? FallbackFontPath { get; set; }

    /// <summary>
    /// The address the QR code leads to (协议书查验). Empty (the usual case): <c>Portal:PublicBaseUrl</c>, the one address
    /// every link is built from; set only to send checkers somewhere else (the older name of the setting, kept working).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public static readonly string[] DefaultFontPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        @"C:\Windows\Fonts\msyh.ttc",
        @"C:\Windows\Fonts\simsun.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/STHeiti Medium.ttc",
        "/System/Library/Fonts/STHeiti Light.ttc",
        "/Library/Fonts/Arial Unicode.ttf",
    ];

    public static readonly string[] DefaultFallbackFontPaths =
    [
        "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
        @"C:\Windows\Fonts\simsunb.ttf",
    ];
}
