using PdfSharp.Drawing;
using PdfSharp.Pdf;
using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Benchmarks;

/// <summary>
/// The raw baselines of issue #27: what PDFsharp itself costs for the agreement's text and font, with none of our work
/// (no layout, no measuring, no line breaking, no tables, no QR code, no ToUnicode repair, no signature).
/// </summary>
public static class RawBaseline
{
    private const int CharsPerLine = 46;

    /// <summary>Every string the agreement draws (its labels, its values, its clauses and its footer), in drawing order.</summary>
    public static IReadOnlyList<string> Text(AgreementDocument doc)
    {
        var e = doc.Employer;
        var s = doc.Student;
        var lines = new List<string?>
        {
            $"湖北省高校毕业生就业协议书（{doc.GraduationYear}届）",
            $"毕业院校：{doc.SchoolName}", $"毕业时间：{doc.GraduationMonth}    协议书编号：{doc.AgreementNumber}",
            "甲方", "单位名称", e.Name, "信用代码/机构代码", e.CreditCode, "单位性质", e.Nature, "单位行业", e.Industry,
            "联系人", e.ContactName, "邮箱", e.Email, "电话", e.Phone, "通信地址", e.Address, "邮编", e.Postcode,
            "档案接收", "单位名称", e.ArchiveUnit, "详细地址", e.ArchiveAddress, "户口接收", "详细地址", e.HukouAddress,
            "乙方", "姓名", s.Name, "性别", s.Gender, "身份证", s.IdNumber, "政治面貌", s.PoliticalStatus,
            "学号", s.StudentNumber, "学历", s.Degree, "专业", s.Major, "学院", s.Faculty, "邮箱", s.Email,
            "通讯地址", s.Address, "联系电话", s.Phone,
            "协议内容", AgreementClauses.Preamble,
        };
        lines.AddRange(AgreementClauses.For(doc.Terms));
        lines.Add($"签约日期：{AgreementClauses.Date(doc.SignedOn)}");
        lines.Add("协议书查验：扫描二维码，或在网上签约系统的“协议书查验”页面输入协议书编号和校验码。");
        lines.Add($"协议书编号：{doc.AgreementNumber}");
        lines.Add($"校验码：{doc.VerificationCode}");
        lines.Add("第1页 共1页");
        return lines.Where(l => !string.IsNullOrEmpty(l)).Select(l => l!).ToList();
    }

    /// <summary>
    /// The same text in the same face (the whole face as installed: <see cref="FontSet.FullFamily"/>) and the same subset embedding, drawn with plain <c>DrawString</c> calls in fixed
    /// slices of 46 characters per line at 9 pt (one A4 page), and saved once: PDFsharp's own floor for this agreement.
    /// </summary>
    public static byte[] OnePage(IReadOnlyList<string> text, FontSet fonts, string? family = null)
    {
        using var pdf = new PdfDocument();
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(595.28);
        page.Height = XUnit.FromPoint(841.89);
        var font = new XFont(family ?? fonts.FullFamily, 9, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            double y = 46;
            foreach (var line in text)
            {
                for (var at = 0; at < line.Length; at += CharsPerLine)
                {
                    gfx.DrawString(line.Substring(at, Math.Min(CharsPerLine, line.Length - at)), font, XBrushes.Black, 46, y, XStringFormats.TopLeft);
                    y += 11;
                }
            }
        }
        using var output = new MemoryStream(128 * 1024);
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The distinct characters of the text, once: a page whose only cost is the font subset and its embedding.</summary>
    public static string DistinctCharacters(IReadOnlyList<string> text) =>
        string.Concat(string.Concat(text).EnumerateRunes().Distinct().Where(r => !System.Text.Rune.IsWhiteSpace(r)).Select(r => r.ToString()));

    /// <summary>The font subset alone: one <c>DrawString</c> of every distinct character, saved (the subset, its compression, one tiny page).</summary>
    public static byte[] FontSubsetOnly(string characters, FontSet fonts, string family) => OnePage([characters], fonts, family);
}

/// <summary>One page drawn by PDFsharp alone (or by our text layer alone), for the allocation breakdown (<c>--alloc</c>).</summary>
public static class AllocationProbe
{
    /// <summary>The characters in one line through our own text layer (decision 045): its subset, font objects and the save, nothing else of ours.</summary>
    public static byte[] OwnTextLayer(FontSet fonts, string characters)
    {
        using var pdf = new PdfDocument();
        var page = pdf.AddPage();
        var text = new PdfText(pdf, fonts.Embedded);
        var font = new XFont(fonts.Family, 9, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
        using (var gfx = XGraphics.FromPdfPage(page)) text.Show(gfx, characters, font, 46, 46);
        text.Embed();
        using var output = new MemoryStream(128 * 1024);
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The agreement's QR code as the agreement draws it: QRCoder's palette PNG, read back by PDFsharp onto an otherwise empty page.</summary>
    public static byte[] QrCodePage(string url, bool draw = true)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCoder.QRCodeGenerator.ECCLevel.M);
        var png = new QRCoder.PngByteQRCode(data).GetGraphic(4, [0, 0, 0, 255], [255, 255, 255, 255], drawQuietZones: true);
        if (!draw) return png;
        using var pdf = new PdfDocument();
        var page = pdf.AddPage();
        using (var gfx = XGraphics.FromPdfPage(page))
        using (var stream = new MemoryStream(png))
        using (var image = XImage.FromStream(stream))
        {
            gfx.DrawImage(image, 46, 600, 76, 76);
        }
        using var output = new MemoryStream(128 * 1024);
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    public static byte[] Page(string family, string characters, Action<PdfDocument> options, bool save = true)
    {
        using var pdf = new PdfDocument();
        options(pdf);
        var page = pdf.AddPage();
        var font = new XFont(family, 9, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            if (characters.Length > 0) gfx.DrawString(characters, font, XBrushes.Black, 46, 46, XStringFormats.TopLeft);
        }
        if (!save) return [];
        using var output = new MemoryStream(128 * 1024);
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }
}
