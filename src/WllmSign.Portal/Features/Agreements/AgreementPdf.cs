using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using QRCoder;
using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// Draws the agreement (电子协议书) as an A4 PDF in the layout of the manual's sample: title, the
/// 毕业院校 / 毕业时间 / 协议书编号 line, the 甲方 and 乙方 tables, 协议内容 一 to 八, the signing date and a
/// QR code with the 校验码 that lead to 协议书查验. A void agreement carries 已失效 across every page.
/// Pure: the same document, fonts and address give the same drawing.
/// </summary>
public static class AgreementPdf
{
    public const string VoidMark = "已失效";

    /// <summary>The public check link the QR code carries.</summary>
    public static string VerifyUrl(string publicBaseUrl, string number, string code) =>
        $"{(publicBaseUrl ?? "").TrimEnd('/')}/verify?no={Uri.EscapeDataString(number)}&code={Uri.EscapeDataString(code)}";

    /// <summary>
    /// Draws one agreement; with <paramref name="signature"/>, signs it (decision 021): the school's 鉴证章 and the alliance's
    /// signature appear beside the date, and the CMS signature covers the whole file.
    /// </summary>
    public static byte[] Render(AgreementDocument doc, FontSet fonts, string publicBaseUrl, AgreementSignature? signature = null)
    {
        // A typical agreement is ~82 KB, signed ~90 KB (decision 045): 96 KB holds either without growing; a rare one grows once.
        using var output = new MemoryStream(96 * 1024);
        var (supplementary, sign) = Draw(doc, fonts, publicBaseUrl, signature, output);
        // The ToUnicode repair re-reads and re-saves the file: the signature is added on that save, after the repair.
        var bytes = supplementary ? ToUnicodeRepair.Repair(output.ToArray(), sign) : output.ToArray();
        signature?.Complete(bytes);
        return bytes;
    }

    public static void Render(AgreementDocument doc, FontSet fonts, string publicBaseUrl, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Render(doc, fonts, publicBaseUrl));
    }

    /// <summary>
    /// Draws and saves; Supplementary is true when a character outside the BMP was drawn (its ToUnicode entry needs repair,
    /// and the document was saved unsigned: Sign signs it on the repair's save).
    /// </summary>
    private static (bool Supplementary, Action<PdfDocument>? Sign) Draw(AgreementDocument doc, FontSet fonts, string publicBaseUrl,
        AgreementSignature? signature, Stream output)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(fonts);
        using var pdf = new PdfDocument();
        pdf.Info.Title = $"湖北省高校毕业生就业协议书（{doc.GraduationYear}届）{doc.AgreementNumber}";
        pdf.Info.Subject = "湖北省高校毕业生就业协议书";
        pdf.Info.Creator = "湖北高校就业网络联盟 网上签约上报系统";
        var writer = new PdfWriter(pdf, fonts);
        writer.Title($"湖北省高校毕业生就业协议书（{doc.GraduationYear}届）");
        writer.HeaderLine($"毕业院校：{doc.SchoolName}", $"毕业时间：{doc.GraduationMonth}    协议书编号：{doc.AgreementNumber}");
        writer.Table("甲方", EmployerRows(doc.Employer));
        writer.Table("乙方", StudentRows(doc.Student));
        writer.Heading("协议内容");
        writer.Paragraph(AgreementClauses.Preamble);
        foreach (var clause in AgreementClauses.For(doc.Terms)) writer.Paragraph(clause);
        writer.CheckBlock($"签约日期：{AgreementClauses.Date(doc.SignedOn)}", QrPng(VerifyUrl(publicBaseUrl, doc.AgreementNumber, doc.VerificationCode)),
            signature?.Seal(doc, fonts),
        [
            "协议书查验：扫描二维码，或在网上签约系统的“协议书查验”页面输入协议书编号和校验码。",
            $"协议书编号：{doc.AgreementNumber}",
            $"校验码：{doc.VerificationCode}",
        ]);
        writer.Finish(doc.IsVoid, doc.TerminatedOn is { } t ? $"解约日期：{AgreementClauses.Date(t)}" : null);
        Action<PdfDocument>? sign = signature is null ? null : target => signature.Apply(target, doc, writer.SealPage, writer.SealRect);
        if (!writer.DrewSupplementary) sign?.Invoke(pdf);
        // Decision 032: drawn from the compact face alone, the file is ~80 KB and the fastest compression keeps it far under the
        // 150 KB limit; a document with the whole main face or the fallback face keeps the default (their subsets are larger).
        pdf.Options.FlateEncodeMode = writer.DrewOtherFace ? PdfFlateEncodeMode.Default : PdfFlateEncodeMode.BestSpeed;
        pdf.Save(output, closeStream: false);
        return (writer.DrewSupplementary, writer.DrewSupplementary ? sign : null);
    }

    /// <summary>A palette PNG (PDFsharp rejects QRCoder's default 1-bit grey PNG).</summary>
    private static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4, [0, 0, 0, 255], [255, 255, 255, 255], drawQuietZones: true);
    }

    private const double W = PdfWriter.TableWidth;

    private static List<Cell[]> EmployerRows(AgreementEmployer e) =>
    [
        [L("单位名称", 60), V(e.Name, 187), L("信用代码/机构代码", 90), V(e.CreditCode, W - 337)],
        [L("单位性质", 60), V(e.Nature, 187), L("单位行业", 90), V(e.Industry, W - 337)],
        [L("联系人", 60), V(e.ContactName, 107), L("邮箱", 40), V(e.Email, 130), L("电话", 40), V(e.Phone, W - 377)],
        [L("通信地址", 60), V(e.Address, 277), L("邮编", 40), V(e.Postcode, W - 377)],
        [L("档案接收", 60, rowSpan: 2), L("单位名称", 60), V(e.ArchiveUnit, W - 120)],
        [Cell.Covered(60), L("详细地址", 60), V(e.ArchiveAddress, W - 120)],
        [L("户口接收", 60), L("详细地址", 60), V(e.HukouAddress, W - 120)],
    ];

    private static List<Cell[]> StudentRows(AgreementStudent s) =>
    [
        [L("姓名", 40), V(s.Name, 80), L("性别", 32), V(s.Gender, 30), L("身份证", 40), V(s.IdNumber, 110), L("政治面貌", 52), V(s.PoliticalStatus, W - 384)],
        [L("学号", 40), V(s.StudentNumber, 142), L("学历", 40), V(s.Degree, 110), L("专业", 52), V(s.Major, W - 384)],
        [L("学院", 40), V(s.Faculty, 142), L("邮箱", 40), V(s.Email, W - 222)],
        [L("通讯地址", 52), V(s.Address, 240), L("联系电话", 52), V(s.Phone, W - 344)],
    ];

    private static Cell L(string text, double width, int rowSpan = 1) => new(text, width, true, rowSpan);
    private static Cell V(string? text, double width) => new(text ?? "", width, false);
}

/// <summary>One table cell; a <see cref="IsCovered"/> cell is the lower part of a cell above it that spans two rows.</summary>
internal sealed record Cell(string Text, double Width, bool IsLabel, int RowSpan = 1, bool IsCovered = false)
{
    public static Cell Covered(double width) => new("", width, true, 1, true);
}

/// <summary>The page cursor: flows blocks down A4 pages, with text split into runs of the main and fallback faces.</summary>
internal sealed class PdfWriter
{
    private const double PageWidth = 595.28, PageHeight = 841.89, Margin = 46, Bottom = 806;
    private const double PartyWidth = 28, Pad = 3;
    public const double TableWidth = PageWidth - 2 * Margin - PartyWidth;
    private const double ContentWidth = PageWidth - 2 * Margin;

    private readonly PdfDocument pdf;
    private readonly FontSet fonts;
    private readonly PdfText text;
    private readonly Style title, body, cell, cellBold, heading, small;
    private static readonly XPen Line = new(XColors.Black, 0.6);
    private static readonly XBrush LabelFill = new XSolidBrush(XColor.FromArgb(242, 242, 242));
    private XGraphics gfx = null!;
    private double y;

    /// <summary>A size and weight in the three faces: the compact cut of the main face, the whole main face, the fallback face.</summary>
    private sealed record Style(XFont Main, XFont Full, XFont? Fallback, double LineHeight)
    {
        public XFont For(FontFace face) => face switch
        {
            FontFace.Full => Full,
            FontFace.Fallback => Fallback ?? Main,
            _ => Main,
        };
    }

    public PdfWriter(PdfDocument pdf, FontSet fonts)
    {
        this.pdf = pdf;
        this.fonts = fonts;
        text = new PdfText(pdf, fonts.Embedded);
        title = NewStyle(18, bold: true, 1.4);
        heading = NewStyle(12, bold: true, 1.6);
        body = NewStyle(10, bold: false, 1.5);
        cell = NewStyle(9, bold: false, 1.35);
        cellBold = NewStyle(9, bold: true, 1.35);
        small = NewStyle(8.5, bold: false, 1.5);
        NewPage();
    }

    private Style NewStyle(double size, bool bold, double leading)
    {
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        var fallback = fonts.FallbackFamily is { } f ? new XFont(f, size, style, options) : null;
        return new Style(new XFont(fonts.Family, size, style, options), new XFont(fonts.FullFamily, size, style, options), fallback, size * leading);
    }

    private void NewPage()
    {
        gfx?.Dispose();
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        gfx = XGraphics.FromPdfPage(page);
        y = Margin;
    }

    private void EnsureSpace(double height)
    {
        if (y + height > Bottom) NewPage();
    }

    // ------------------------------------------------------------ text in runs

    /// <summary>A character outside the Basic Multilingual Plane was drawn.</summary>
    public bool DrewSupplementary { get; private set; }

    /// <summary>A character was drawn from the whole main face or the fallback face, not the compact cut.</summary>
    public bool DrewOtherFace { get; private set; }

    private IEnumerable<(string Text, XFont Font)> Runs(string text, Style style)
    {
        var start = 0;
        var current = FontFace.Compact;
        var i = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var face = fonts.FaceOf(rune.Value);
            if (face != current && i > start)
            {
                yield return (text[start..i], style.For(current));
                start = i;
            }
            current = face;
            i += rune.Utf16SequenceLength;
        }
        if (i > start) yield return (text[start..i], style.For(current));
    }

    /// <summary>
    /// Widths of single characters per face and size, shared by every document: PDFsharp does not kern,
    /// so a run is as wide as its characters, and measuring is most of the drawing time otherwise.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Family, double Size, XFontStyleEx Style, int Rune), double> RuneWidths = new();

    private double Measure(string text, Style style)
    {
        // Rune by rune, without the runs' iterator: the line breaker measures thousands of candidate lines per agreement.
        double total = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var font = style.For(fonts.FaceOf(rune.Value));
            var key = (font.FontFamily.Name, font.Size, font.Style, rune.Value);
            if (!RuneWidths.TryGetValue(key, out var w))
            {
                w = gfx.MeasureString(rune.ToString(), font).Width;
                RuneWidths[key] = w;
            }
            total += w;
        }
        return total;
    }

    /// <summary>
    /// Text of the compact face goes through our own text layer (decision 045); a run of another face (a rare character)
    /// through PDFsharp, inside a saved graphics state so that PDFsharp has closed its text object before ours continue.
    /// </summary>
    private void Draw(string value, Style style, double x, double top)
    {
        if (!DrewSupplementary && value.Any(char.IsSurrogate)) DrewSupplementary = true;
        foreach (var (run, font) in Runs(value, style))
        {
            if (ReferenceEquals(font, style.Main)) text.Show(gfx, run, font, x, top);
            else
            {
                DrewOtherFace = true;
                var state = gfx.Save();
                gfx.DrawString(run, font, XBrushes.Black, x, top, XStringFormats.TopLeft);
                gfx.Restore(state);
            }
            x += Measure(run, style);
        }
    }

    private List<string> Wrap(string text, Style style, double width, double indent = 0) =>
        ChineseLineBreaker.Break(text, width, s => Measure(s, style), indent);

    // ------------------------------------------------------------ blocks

    public void Title(string text)
    {
        Draw(text, title, Margin + (ContentWidth - Measure(text, title)) / 2, y);
        y += title.LineHeight + 8;
    }

    /// <summary>毕业院校 on the left (wrapping if long), 毕业时间 and 协议书编号 on the right.</summary>
    public void HeaderLine(string left, string right)
    {
        var rightWidth = Measure(right, body);
        var lines = Wrap(left, body, ContentWidth - rightWidth - 12);
        Draw(right, body, Margin + ContentWidth - rightWidth, y);
        foreach (var line in lines)
        {
            Draw(line, body, Margin, y);
            y += body.LineHeight;
        }
        y += 4;
    }

    public void Table(string party, List<Cell[]> rows)
    {
        var heights = rows.Select(r => r.Where(c => !c.IsCovered && c.RowSpan == 1)
            .Select(c => CellLines(c).Count * cell.LineHeight + 2 * Pad).DefaultIfEmpty(0).Max()).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            foreach (var spanning in rows[r].Where(c => c.RowSpan > 1))
            {
                var need = CellLines(spanning).Count * cell.LineHeight + 2 * Pad;
                var have = heights.Skip(r).Take(spanning.RowSpan).Sum();
                if (need > have) heights[r + spanning.RowSpan - 1] += need - have;
            }
        }
        var total = heights.Sum();
        EnsureSpace(total);

        var top = y;
        gfx.DrawRectangle(Line, LabelFill, Margin, top, PartyWidth, total);
        var chars = party.EnumerateRunes().Select(r => r.ToString()).ToList();
        var partyTop = top + (total - chars.Count * cellBold.LineHeight) / 2;
        foreach (var c in chars)
        {
            Draw(c, cellBold, Margin + (PartyWidth - Measure(c, cellBold)) / 2, partyTop);
            partyTop += cellBold.LineHeight;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var x = Margin + PartyWidth;
            foreach (var c in rows[r])
            {
                if (!c.IsCovered)
                {
                    var h = heights.Skip(r).Take(c.RowSpan).Sum();
                    gfx.DrawRectangle(Line, c.IsLabel ? LabelFill : null, x, y, c.Width, h);
                    var style = c.IsLabel ? cellBold : cell;
                    var lines = CellLines(c);
                    var lineTop = y + (h - lines.Count * style.LineHeight) / 2 + (style.LineHeight - style.Main.Size) / 2;
                    foreach (var line in lines)
                    {
                        var lx = c.IsLabel ? x + (c.Width - Measure(line, style)) / 2 : x + Pad;
                        Draw(line, style, lx, lineTop);
                        lineTop += style.LineHeight;
                    }
                }
                x += c.Width;
            }
            y += heights[r];
        }
        y += 6;
    }

    private List<string> CellLines(Cell c) =>
        c.Text.Length == 0 ? [""] : Wrap(c.Text, c.IsLabel ? cellBold : cell, c.Width - 2 * Pad);

    public void Heading(string text)
    {
        EnsureSpace(heading.LineHeight * 2);
        y += 4;
        Draw(text, heading, Margin + (ContentWidth - Measure(text, heading)) / 2, y);
        y += heading.LineHeight;
    }

    /// <summary>A paragraph with a two-character first-line indent.</summary>
    public void Paragraph(string text)
    {
        var indent = 2 * body.Main.Size;
        var first = true;
        foreach (var line in Wrap(text, body, ContentWidth, indent))
        {
            EnsureSpace(body.LineHeight);
            Draw(line, body, Margin + (first ? indent : 0), y);
            first = false;
            y += body.LineHeight;
        }
        y += 2;
    }

    /// <summary>The signing date on the right; below it the QR code with the check instructions and the 校验码 beside it.</summary>
    public void CheckBlock(string date, byte[] qrPng, SchoolSeal? seal, IReadOnlyList<string> lines)
    {
        const double size = 76;
        // The seal's field starts just above the date line (over the end of the last clause, as a stamp would) and may reach a
        // little into the bottom margin (the page number is centred, the seal on the right): the block keeps its height.
        const double sealAbove = 12, sealBelow = 6;
        var sealHeight = seal is not null ? SchoolSeal.Height - sealAbove - sealBelow - (body.LineHeight - 6) : 0;
        EnsureSpace(Math.Max(size, sealHeight) + body.LineHeight + 4);
        Draw(date, body, Margin + ContentWidth - Measure(date, body), y);
        if (seal is not null)
        {
            // The seal is stamped over the date, as on paper.
            SealPage = pdf.PageCount - 1;
            SealRect = new XRect(Margin + ContentWidth - SchoolSeal.Width + 4, y - sealAbove, SchoolSeal.Width, SchoolSeal.Height);
            seal.Draw(gfx, SealRect.TopLeft, text);
            if (seal.UsesWholeFace) DrewOtherFace = true;
        }
        y += body.LineHeight - 6;
        using (var stream = new MemoryStream(qrPng))
        using (var image = XImage.FromStream(stream))
        {
            gfx.DrawImage(image, Margin, y, size, size);
        }
        var textTop = y + 10;
        foreach (var line in lines)
        {
            foreach (var wrapped in Wrap(line, small, ContentWidth - size - 170))
            {
                Draw(wrapped, small, Margin + size + 10, textTop);
                textTop += small.LineHeight;
            }
        }
        y += Math.Max(size, sealHeight) + 4;
    }

    /// <summary>Where the seal goes (page index; rectangle in top-down page coordinates), set by a sealed <see cref="CheckBlock"/>.</summary>
    public int SealPage { get; private set; }
    public XRect SealRect { get; private set; }

    /// <summary>Page numbers and, for a void agreement, 已失效 across every page (with the termination date when known).</summary>
    public void Finish(bool isVoid, string? voidNote = null)
    {
        gfx.Dispose();
        var count = pdf.PageCount;
        var mark = new XFont(fonts.Family, 110, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
        var red = new XSolidBrush(XColor.FromArgb(110, 200, 0, 0));
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            gfx = g;
            var footer = string.Create(CultureInfo.InvariantCulture, $"第{i + 1}页 共{count}页");
            Draw(footer, small, (PageWidth - Measure(footer, small)) / 2, PageHeight - 30);
            if (!isVoid) continue;
            g.TranslateTransform(PageWidth / 2, PageHeight / 2);
            g.RotateTransform(-35);
            var size = g.MeasureString(AgreementPdf.VoidMark, mark);
            g.DrawString(AgreementPdf.VoidMark, mark, red, -size.Width / 2, -size.Height / 2, XStringFormats.TopLeft);
            if (voidNote is not null) g.DrawString(voidNote, title.Main, red, -Measure(voidNote, title) / 2, size.Height / 2, XStringFormats.TopLeft);
        }
        gfx = null!;
        // As PDFsharp's own streams (AgreementPdf.Draw): the fastest level for the compact face alone, the default otherwise.
        text.Embed(DrewOtherFace ? System.IO.Compression.CompressionLevel.Optimal : System.IO.Compression.CompressionLevel.Fastest);
    }
}
