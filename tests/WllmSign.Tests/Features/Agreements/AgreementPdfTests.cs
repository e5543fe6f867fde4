using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using UglyToad.PdfPig;
using WllmSign.Portal.Features.Agreements;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>The agreement PDF read back as a reader would: its text, its fonts, its QR code, its void mark.</summary>
public sealed class AgreementPdfTests
{
    private static byte[] Render(AgreementDocument doc) => AgreementPdf.Render(doc, AgreementSamples.Fonts, AgreementSamples.BaseUrl);

    /// <summary>All text of the document with white space removed (wrapped lines are joined).</summary>
    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages()) text.Append(page.Text);
        return Squeeze(text.ToString());
    }

    private static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public void Text_contains_every_field_and_term_exactly_including_rare_characters()
    {
        var doc = AgreementSamples.Document(studentName: "吉𠮷·阿〇");
        var text = Text(Render(doc));

        var e = doc.Employer;
        var s = doc.Student;
        var t = doc.Terms;
        string[] expected =
        [
            "湖北省高校毕业生就业协议书（2027届）", "毕业院校：湖北工业大学", "毕业时间：202707", "协议书编号：105002027000001",
            "单位名称", e.Name, "信用代码/机构代码", e.CreditCode, "单位性质", e.Nature!, "单位行业", e.Industry!, "联系人", e.ContactName,
            "邮箱", e.Email, "电话", e.Phone, "通信地址", e.Address!, "邮编", e.Postcode!, "档案接收", e.ArchiveUnit!, "详细地址",
            e.ArchiveAddress!, "户口接收", e.HukouAddress!,
            "姓名", s.Name, "性别", s.Gender, "身份证", s.IdNumber, "政治面貌", s.PoliticalStatus!, "学号", s.StudentNumber, "学历", s.Degree,
            "专业", s.Major, "学院", s.Faculty, s.Email!, "通讯地址", s.Address!, "联系电话", s.Phone!,
            "协议内容", $"工作岗位为{t.Position}", $"工作地点为{t.WorkPlace}", "报到期限为2027年7月1日前", "报到地点为" + t.ReportPlace,
            "试用期为60天", "试用期起薪为4000元/月", "转正后起薪为5000元/月", "违约金为3000元",
            "签约日期：2026年11月27日", "校验码：K7M2Q9XP",
        ];
        foreach (var value in expected) Assert.Contains(Squeeze(value), text, StringComparison.Ordinal);
        foreach (var numeral in new[] { "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、" })
            Assert.Contains(numeral, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_glyphs_are_embedded_as_subset_fonts_and_a_plain_agreement_fits_one_page_under_150_kb()
    {
        var pdf = Render(AgreementSamples.Document(studentName: "王小明"));
        using var document = PdfDocument.Open(pdf);

        Assert.Equal(1, document.NumberOfPages);
        Assert.True(pdf.Length <= 150 * 1024, $"{pdf.Length} bytes");
        var fonts = document.GetPage(1).Letters.Select(l => l.FontName).Distinct().ToList();
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+", f)); // a subset tag: the glyphs are in the file
    }

    [Fact]
    public void Qr_code_decodes_to_the_public_check_link_with_the_number_and_code()
    {
        var pdf = Render(AgreementSamples.Document());
        using var document = PdfDocument.Open(pdf);
        var image = Assert.Single(document.GetPage(1).GetImages());
        Assert.True(image.TryGetPng(out var png));

        using var bitmap = Image.Load<Rgb24>(png);
        var gray = new byte[bitmap.Width * bitmap.Height];
        bitmap.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++) gray[y * rows.Width + x] = (byte)((row[x].R + row[x].G + row[x].B) / 3);
            }
        });
        var source = new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));

        Assert.NotNull(decoded);
        Assert.Equal("https://wllm.example.cn/verify?no=105002027000001&code=K7M2Q9XP", decoded.Text);
    }

    [Fact]
    public void Void_mark_is_printed_on_every_page_once_terminated_and_not_before()
    {
        var longName = string.Concat(Enumerable.Repeat("湖北省武汉市东湖新技术开发区光谷软件园", 30));
        var effective = Render(AgreementSamples.Document(employerName: longName));
        var terminated = Render(AgreementSamples.Document(isVoid: true, employerName: longName));

        using var before = PdfDocument.Open(effective);
        using var after = PdfDocument.Open(terminated);
        Assert.True(after.NumberOfPages >= 2);
        Assert.All(before.GetPages(), p => Assert.DoesNotContain(AgreementPdf.VoidMark, Squeeze(p.Text), StringComparison.Ordinal));
        Assert.All(after.GetPages(), p => Assert.Contains(AgreementPdf.VoidMark, Squeeze(p.Text), StringComparison.Ordinal));
    }

    [Fact]
    public void Long_name_wraps_inside_its_cell_and_the_row_grows_to_hold_it()
    {
        var longName = "湖北省武汉市东湖新技术开发区光谷软件园（国家级）智慧城市与数字政府建设集团有限责任公司";
        var pdf = Render(AgreementSamples.Document(employerName: longName));
        using var document = PdfDocument.Open(pdf);
        var letters = document.GetPage(1).Letters.ToList();
        var text = string.Concat(letters.Select(l => l.Value));
        var start = text.IndexOf(longName, StringComparison.Ordinal);
        Assert.True(start >= 0);

        var nameLetters = letters.Skip(start).Take(longName.Length).ToList();
        var lines = nameLetters.Select(l => Math.Round(l.StartBaseLine.Y)).Distinct().ToList();
        Assert.True(lines.Count >= 2, "the name wraps");
        var left = nameLetters.Min(l => l.BoundingBox.Left);
        var right = nameLetters.Max(l => l.BoundingBox.Right);
        // The value cell of 单位名称 begins after the 28 pt party column and the 60 pt label, 46 pt from the edge.
        Assert.InRange(left, 46 + 28 + 60, 46 + 28 + 60 + 187);
        Assert.InRange(right, 46 + 28 + 60, 46 + 28 + 60 + 187);
        var label = letters.First(l => l.Value == "信");
        Assert.True(label.BoundingBox.Left >= right, "the next cell starts after the wrapped name");
        Assert.False(nameLetters.Skip(1).Zip(nameLetters).Any(p => p.First.StartBaseLine.Y != p.Second.StartBaseLine.Y && p.First.Value is "）" or "，"),
            "no line starts with closing punctuation");
    }
}
