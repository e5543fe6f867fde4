using System.Text;
using UglyToad.PdfPig;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>The agreement PDF read back as a reader would: its text, its QR code, its void mark.</summary>
public sealed class AgreementPdfTests
{
    private static byte[] Render(AgreementDocument doc) => AgreementPdf.Render(doc, AgreementSamples.Fonts, AgreementSamples.BaseUrl);

    /// <summary>All text of the document with white space removed (wrapped lines are joined).</summary>
    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages()) text.Append(page.Text);
        return new string(text.ToString().Where(c => !char.IsWhiteSpace(c)).ToArray());
    }

    private static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public void Sample_is_written_for_inspection()
    {
        var pdf = Render(AgreementSamples.Document());
        var path = Path.Combine(PageExtensions.ScreenshotFolder, "..", "agreement-sample.pdf");
        File.WriteAllBytes(path, pdf);
        Assert.True(pdf.Length > 1000);
        File.WriteAllBytes(Path.Combine(PageExtensions.ScreenshotFolder, "..", "agreement-plain.pdf"), Render(AgreementSamples.Document(studentName: "王小明")));
    }
}
