using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>
/// The visible signature: the school's 鉴证章 — a red round seal drawn with vector graphics (a double ring, the school's
/// name along the upper arc, a five-pointed star, 就业鉴证专用章 below it), generated from the name, not an image — and,
/// under it, the alliance's electronic signature (who signed and when). Drawn into the page content of a signed agreement,
/// with the fonts the page already embeds (an appearance stream would embed a second subset of the CJK font when the
/// document is re-saved for the rare-character repair: +40 KB), and covered by the signature: it cannot be removed or
/// moved without breaking it. The signature field lies exactly over it (<see cref="Overlay"/>), so a reader shows the
/// seal as the signature and opens the signature's details from it.
/// </summary>
public sealed class SchoolSeal(FontSet fonts, string schoolName, IReadOnlyList<string> caption)
{
    public const string SealText = "就业鉴证专用章";
    public const double Width = 170, SealDiameter = 84, Height = SealDiameter + 19;
    private static readonly XColor Red = XColor.FromArgb(230, 204, 0, 0);

    /// <summary>The signature field's own appearance: transparent, the seal under it is the picture.</summary>
    public static IAnnotationAppearanceHandler Overlay { get; } = new TransparentAppearance();

    /// <summary>The school's name or the caption has a character outside the compact cut of the main face (decision 032).</summary>
    public bool UsesWholeFace => fonts.MainFamilyFor(schoolName) != fonts.Family || fonts.MainFamilyFor(string.Concat(caption)) != fonts.Family;

    /// <summary>
    /// Draws the seal and the caption with their top left corner at <paramref name="topLeft"/>: the rings and the star with
    /// PDFsharp, then the text with the agreement's own text layer (decision 045), so that the page embeds the compact face
    /// once; a name outside the compact cut is drawn by PDFsharp from the whole face.
    /// </summary>
    internal void Draw(XGraphics gfx, XPoint topLeft, PdfText text)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        var centre = new XPoint(Width / 2, SealDiameter / 2);
        const double r = SealDiameter / 2;
        var state = gfx.Save();
        gfx.TranslateTransform(topLeft.X, topLeft.Y);
        DrawRingsAndStar(gfx, centre, r);
        gfx.Restore(state);

        var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        var at = new XMatrix();
        at.TranslateAppend(topLeft.X, topLeft.Y);

        // The school's name along the upper arc, each character upright towards the centre.
        var chars = schoolName.EnumerateRunes().Select(x => x.ToString()).ToList();
        var size = (chars.Count <= 8 ? 12.5 : chars.Count <= 11 ? 11 : 9.5) * r / 50;
        var nameFont = new XFont(fonts.MainFamilyFor(schoolName), size, XFontStyleEx.Bold, options);
        var sweep = Math.Min(250, 22.0 * chars.Count * size / 11);
        for (var i = 0; i < chars.Count; i++)
        {
            var rotated = new XMatrix();
            rotated.RotateAppend(-sweep / 2 + sweep * (i + 0.5) / chars.Count);
            rotated.TranslateAppend(topLeft.X + centre.X, topLeft.Y + centre.Y);
            var w = gfx.MeasureString(chars[i], nameFont).Width;
            DrawText(gfx, text, chars[i], nameFont, Red, rotated, -w / 2, -r + 7);
        }

        // 就业鉴证专用章, straight, below the star.
        var textFont = new XFont(fonts.Family, 7.5 * r / 42, XFontStyleEx.Bold, options);
        var tw = gfx.MeasureString(SealText, textFont).Width;
        DrawText(gfx, text, SealText, textFont, Red, at, centre.X - tw / 2, centre.Y + r * 0.38);

        var small = new XFont(fonts.MainFamilyFor(string.Concat(caption)), 6.5, XFontStyleEx.Regular, options);
        var top = SealDiameter + 2;
        foreach (var line in caption)
        {
            var w = gfx.MeasureString(line, small).Width;
            DrawText(gfx, text, line, small, XColors.Black, at, (Width - w) / 2, top);
            top += 8.5;
        }
    }

    private void DrawText(XGraphics gfx, PdfText text, string value, XFont font, XColor color, XMatrix transform, double x, double top)
    {
        if (font.FontFamily.Name == fonts.Family)
        {
            text.Show(gfx, value, font, x, top, color, transform);
            return;
        }
        var state = gfx.Save();
        gfx.MultiplyTransform(transform);
        gfx.DrawString(value, font, new XSolidBrush(color), x, top, XStringFormats.TopLeft);
        gfx.Restore(state);
    }

    private static void DrawRingsAndStar(XGraphics gfx, XPoint centre, double r)
    {
        var brush = new XSolidBrush(Red);
        gfx.DrawEllipse(new XPen(Red, 2.6), centre.X - r + 1.5, centre.Y - r + 1.5, 2 * r - 3, 2 * r - 3);
        gfx.DrawEllipse(new XPen(Red, 0.6), centre.X - r + 4.5, centre.Y - r + 4.5, 2 * r - 9, 2 * r - 9);

        // A five-pointed star in the centre.
        var star = new XPoint[10];
        var outer = r * 0.3;
        for (var k = 0; k < 10; k++)
        {
            var radius = k % 2 == 0 ? outer : outer * 0.382;
            var a = Math.PI * (-90 + 36 * k) / 180;
            star[k] = new XPoint(centre.X + radius * Math.Cos(a), centre.Y + radius * Math.Sin(a));
        }
        gfx.DrawPolygon(brush, star, XFillMode.Winding);
    }

    private sealed class TransparentAppearance : IAnnotationAppearanceHandler
    {
        public void DrawAppearance(XGraphics gfx, XRect rect) { }
    }
}
