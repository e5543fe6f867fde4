using System.Collections.Concurrent;
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
/// characters the main one lacks (e.g. 𠮷 in CJK Extension B). The main face is drawn from a compact cut of it
/// (<see cref="Family"/>: the characters of GB 2312, ASCII, Latin-1 and the common punctuation; decision 032), and from
/// the whole face (<see cref="FullFamily"/>) only for a character outside that cut. Registered with PDFsharp's
/// process-wide font resolver under family names of their own. Immutable after construction: shared by every thread.
/// </summary>
public sealed class FontSet
{
    /// <summary>The compact cut of the main face: what nearly every character is drawn with.</summary>
    public string Family { get; }

    /// <summary>The whole main face, for its characters outside the compact cut.</summary>
    public string FullFamily { get; }

    public string? FallbackFamily { get; }

    /// <summary>The compact cut as the agreement's own text layer embeds it (decision 045).</summary>
    internal EmbeddedFace Embedded { get; }
    private readonly TrueTypeFace main;
    private readonly TrueTypeFace compact;
    private readonly TrueTypeFace? fallback;

    public FontSet(TrueTypeFace main, TrueTypeFace? fallback)
    {
        ArgumentNullException.ThrowIfNull(main);
        this.main = main;
        this.fallback = fallback;
        compact = main.Compact(CompactCharacters());
        Embedded = new EmbeddedFace(compact);
        Family = CjkFontResolver.Register(compact.Bytes);
        FullFamily = CjkFontResolver.Register(main.Bytes);
        FallbackFamily = fallback is null ? null : CjkFontResolver.Register(fallback.Bytes);
    }

    /// <summary>Which face draws <paramref name="codePoint"/>.</summary>
    public FontFace FaceOf(int codePoint) =>
        compact.Covers(codePoint) ? FontFace.Compact
        : main.Covers(codePoint) ? FontFace.Full
        : fallback is not null && fallback.Covers(codePoint) ? FontFace.Fallback
        : FontFace.Compact;

    /// <summary>Whether <paramref name="codePoint"/> is drawn with the fallback face.</summary>
    public bool UsesFallback(int codePoint) => FaceOf(codePoint) == FontFace.Fallback;

    /// <summary>The family that draws every character of <paramref name="text"/> from the main face: the compact cut when it has them all.</summary>
    public string MainFamilyFor(string text) =>
        text.EnumerateRunes().All(r => compact.Covers(r.Value) || !main.Covers(r.Value)) ? Family : FullFamily;

    /// <summary>
    /// The compact cut's characters: every character of GB 2312 (the 6,763 hanzi of nearly every name and address, its
    /// symbols, kana, Greek and Cyrillic), printable ASCII and Latin-1, general and CJK punctuation, full-width forms.
    /// </summary>
    private static IEnumerable<int> CompactCharacters()
    {
        var gb2312 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        var pair = new byte[2];
        var decoded = new char[2];
        for (var hi = 0xA1; hi <= 0xF7; hi++)
        {
            for (var lo = 0xA1; lo <= 0xFE; lo++)
            {
                pair[0] = (byte)hi;
                pair[1] = (byte)lo;
                if (gb2312.GetChars(pair, 0, 2, decoded, 0) == 1 && decoded[0] != '?' && decoded[0] != '\uFFFD') yield return decoded[0];
            }
        }
        for (var c = 0x20; c <= 0x7E; c++) yield return c;
        for (var c = 0xA0; c <= 0xFF; c++) yield return c;
        for (var c = 0x2000; c <= 0x206F; c++) yield return c;
        for (var c = 0x3000; c <= 0x303F; c++) yield return c;
        for (var c = 0xFF00; c <= 0xFFEF; c++) yield return c;
    }

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

/// <summary>The faces of a <see cref="FontSet"/>.</summary>
public enum FontFace
{
    Compact,
    Full,
    Fallback,
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
