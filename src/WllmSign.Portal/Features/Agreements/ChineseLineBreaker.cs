using System.Text;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// Breaks Chinese text into lines of a given width (PDFsharp's XTextFormatter breaks only at spaces).
/// Every CJK character may end a line; runs of ASCII letters, digits and e-mail/URL punctuation stay
/// together unless one alone is wider than the line; no line starts with closing punctuation
/// (，。、；：）」 …) or ends with opening punctuation (（「《“ …) — the character before moves down with it.
/// </summary>
public static class ChineseLineBreaker
{
    private const string Closing = "，。、；：！？）」』》〉】〕”’…·,.;:!?)]}%";
    private const string Opening = "（「『《〈【〔“‘([{";

    /// <param name="measure">The width of a piece of text in the font it is drawn with.</param>
    /// <param name="firstLineIndent">Space left free at the start of the first line of each paragraph.</param>
    public static List<string> Break(string text, double width, Func<string, double> measure, double firstLineIndent = 0)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            BreakParagraph(paragraph, width, measure, firstLineIndent, lines);
        }
        return lines;
    }

    private static void BreakParagraph(string paragraph, double width, Func<string, double> measure, double indent, List<string> lines)
    {
        var line = new List<(string Token, double Width)>();
        double used = 0;
        var available = width - indent;
        var wrapped = false;

        void Emit()
        {
            while (line.Count > 0 && IsSpace(line[^1].Token)) line.RemoveAt(line.Count - 1);
            lines.Add(string.Concat(line.Select(t => t.Token)));
            line.Clear();
            used = 0;
            available = width;
            wrapped = true;
        }

        void Add(string token, double w)
        {
            if (line.Count == 0 && wrapped && IsSpace(token)) return; // no leading space on a wrapped line
            line.Add((token, w));
            used += w;
        }

        foreach (var token in Tokens(paragraph))
        {
            var w = measure(token);
            if (used + w <= available + 0.01)
            {
                Add(token, w);
                continue;
            }
            if (IsSpace(token)) { Emit(); continue; }

            // Too wide: what moves to the next line?
            var carry = new List<(string Token, double Width)>();
            if (IsClosing(token) && line.Count > 1 && !IsSpace(line[^1].Token))
            {
                carry.Add(line[^1]);
                line.RemoveAt(line.Count - 1);
            }
            while (line.Count > 1 && IsOpening(line[^1].Token))
            {
                carry.Insert(0, line[^1]);
                line.RemoveAt(line.Count - 1);
            }
            if (line.Count > 0) Emit();
            foreach (var c in carry) Add(c.Token, c.Width);

            if (w > available - used)
            {
                // One token wider than a whole line (a long e-mail address, a number): break it by character.
                foreach (var piece in Runes(token))
                {
                    var pw = measure(piece);
                    if (used + pw > available + 0.01 && line.Count > 0) Emit();
                    Add(piece, pw);
                }
            }
            else
            {
                Add(token, w);
            }
        }
        Emit();
    }

    /// <summary>Single characters, except that ASCII words, numbers and e-mail addresses stay whole.</summary>
    public static IEnumerable<string> Tokens(string text)
    {
        var ascii = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordChar(rune))
            {
                ascii.Append(rune.ToString());
                continue;
            }
            if (ascii.Length > 0) { yield return ascii.ToString(); ascii.Clear(); }
            yield return rune.ToString();
        }
        if (ascii.Length > 0) yield return ascii.ToString();
    }

    private static IEnumerable<string> Runes(string token) => token.EnumerateRunes().Select(r => r.ToString());

    private static bool IsWordChar(Rune r) =>
        r.IsAscii && (Rune.IsLetterOrDigit(r) || "@._-/:#+&=~".Contains((char)r.Value, StringComparison.Ordinal));

    private static bool IsSpace(string token) => token.Length > 0 && token.All(char.IsWhiteSpace);
    private static bool IsClosing(string token) => token.Length == 1 && Closing.Contains(token[0], StringComparison.Ordinal);
    private static bool IsOpening(string token) => token.Length == 1 && Opening.Contains(token[0], StringComparison.Ordinal);
}
