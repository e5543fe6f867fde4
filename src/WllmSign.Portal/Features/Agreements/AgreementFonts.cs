using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>No usable CJK font: the download answers with <see cref="UserMessage"/>, the log names the setting.</summary>
public sealed class AgreementFontUnavailableException(string detail) : Exception(detail)
{
    public const string UserMessage = "服务器未安装中文字体，暂时无法生成协议书，请联系管理员";
}

/// <summary>
/// The fonts an agreement is drawn with: a main CJK face and, optionally, a fallback face for rare
/// characters the main one lacks (e.g. 𠮷 in CJK Extension B). Registered with PDFsharp's process-wide
/// font resolver under family names of their own.
/// </summary>
public sealed class FontSet
{
    public string Family { get; }
    public string? FallbackFamily { get; }
    private readonly TrueTypeFace main;
    private readonly TrueTypeFace? fallback;

    public FontSet(TrueTypeFace main, TrueTypeFace? fallback)
    {
        this.main = main;
        this.fallback = fallback;
        Family = CjkFontResolver.Register(main.Bytes);
        FallbackFamily = fallback is null ? null : CjkFontResolver.Register(fallback.Bytes);
    }

    /// <summary>Whether <paramref name="codePoint"/> is drawn with the fallback face.</summary>
    public bool UsesFallback(int codePoint) =>
        fallback is not null && !main.Covers(codePoint) && fallback.Covers(codePoint);

    /// <summary>
    /// Finds the fonts: the configured path only when <see cref="AgreementOptions.FontPath"/> is set,
    /// else the usual paths of Debian, Windows and macOS. Throws <see cref="AgreementFontUnavailableException"/>.
    /// </summary>
    public static FontSet Load(AgreementOptions options, ILogger? log = null)
    {
        var candidates = string.IsNullOrWhiteSpace(options.FontPath) ? AgreementOptions.DefaultFontPaths : [options.FontPath.Trim()];
        var tried = new List<string>();
        TrueTypeFace? main = null;
        foreach (var path in candidates)
        {
            var face = TrueTypeFace.TryLoad(path, out var why);
            if (face is not null && Han.All(c => face.Covers(c))) { main = face; break; }
            tried.Add($"{path}（{(face is null ? why : "缺少常用汉字")}）");
        }
        if (main is null)
            throw new AgreementFontUnavailableException(
                $"No usable CJK TrueType font for agreements. Set the setting {AgreementOptions.Section}:FontPath " +
                $"to a .ttf/.ttc with Chinese glyphs (e.g. install Debian's fonts-wqy-zenhei). Tried: {string.Join("; ", tried)}");

        var fallbackPaths = string.IsNullOrWhiteSpace(options.FallbackFontPath) ? AgreementOptions.DefaultFallbackFontPaths : [options.FallbackFontPath.Trim()];
        TrueTypeFace? fallback = null;
        foreach (var path in fallbackPaths)
        {
            fallback = TrueTypeFace.TryLoad(path, out _);
            if (fallback is not null) break;
        }
        if (fallback is null)
            log?.LogWarning("No fallback font for rare characters (setting {Setting}); characters missing from the main font print as empty boxes",
                AgreementOptions.Section + ":FallbackFontPath");
        return new FontSet(main, fallback);
    }

    /// <summary>Characters of the agreement's own text: a face without them is not a Chinese font.</summary>
    private static readonly int[] Han = "湖北省高校毕业生就业协议书甲乙方".Select(c => (int)c).ToArray();
}

/// <summary>The font set of the application, loaded on first use; a missing font is retried on the next request.</summary>
public sealed class AgreementFonts(IOptions<AgreementOptions> options, ILogger<AgreementFonts> log)
{
    private readonly Lock gate = new();
    private FontSet? fonts;

    public FontSet Get()
    {
        lock (gate)
        {
            if (fonts is not null) return fonts;
            try
            {
                return fonts = FontSet.Load(options.Value, log);
            }
            catch (AgreementFontUnavailableException ex)
            {
                log.LogError("{Message}", ex.Message);
                throw;
            }
        }
    }
}

/// <summary>
/// PDFsharp's font resolver is process-wide and may be set only once: this one serves every face
/// registered with <see cref="Register"/> under its own family name.
/// </summary>
public sealed class CjkFontResolver : IFontResolver
{
    private static readonly CjkFontResolver Instance = new();
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new();
    private static readonly Lock Gate = new();
    private static int counter;
    private static bool installed;

    public static string Register(byte[] face)
    {
        lock (Gate)
        {
            if (!installed)
            {
                GlobalFontSettings.FontResolver = Instance;
                installed = true;
            }
            var existing = Faces.FirstOrDefault(f => ReferenceEquals(f.Value, face));
            if (existing.Key is not null) return existing.Key;
            var family = $"WllmCjk{++counter}";
            Faces[family] = face;
            return family;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        Faces.ContainsKey(familyName)
            ? new FontResolverInfo(familyName, bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None)
            : null;

    public byte[]? GetFont(string faceName) => Faces.TryGetValue(faceName, out var bytes) ? bytes : null;
}
