using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>How one agreement is signed: the alliance's CMS signer (certificate, key, signing time) and the name printed beside the seal.</summary>
public sealed record AgreementSignature(AllianceCmsSigner Signer, string AllianceName = AgreementSignature.Alliance)
{
    public const string Alliance = "湖北高校就业网络联盟";

    /// <summary>The school's seal with the alliance's signature caption (name and signing time, 北京时间).</summary>
    internal SchoolSeal Seal(AgreementDocument doc, FontSet fonts)
    {
        var time = ChinaTime.ToChina(Signer.SigningTime);
        string[] caption =
        [
            $"{AllianceName} 电子签名",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"签名时间：{time:yyyy-MM-dd HH:mm:ss}（北京时间）"),
        ];
        return new SchoolSeal(fonts, doc.SchoolName, caption);
    }

    /// <summary>Asks PDFsharp to sign <paramref name="pdf"/> on its next save, the signature field over the seal.</summary>
    internal void Apply(PdfDocument pdf, AgreementDocument doc, int pageIndex, XRect topDown)
    {
        var pageHeight = pdf.Pages[pageIndex].Height.Point;
        DigitalSignatureHandler.ForDocument(pdf, new Placeholder(Signer), new DigitalSignatureOptions
        {
            AppearanceHandler = SchoolSeal.Overlay,
            Reason = doc.IsVoid ? $"协议书{doc.AgreementNumber}已解约，已失效" : $"协议书{doc.AgreementNumber}鉴证",
            Location = doc.SchoolName,
            AppName = "WllmSign",
            PageIndex = pageIndex,
            // PDF user space: from the bottom of the page.
            Rectangle = new XRect(topDown.X, pageHeight - topDown.Y - topDown.Height, topDown.Width, topDown.Height),
        });
    }

    /// <summary>After the save: the PAdES sub-filter, the signing time in /M and the CMS (<see cref="PadesSignature"/>).</summary>
    internal void Complete(byte[] pdf) => PadesSignature.Complete(pdf, Signer);

    /// <summary>
    /// What PDFsharp signs with: the real signature's size (the space reserved for /Contents) and a placeholder value;
    /// <see cref="Complete"/> signs the final bytes once the dictionary is PAdES.
    /// </summary>
    private sealed class Placeholder(AllianceCmsSigner signer) : IDigitalSigner
    {
        public string CertificateName => signer.CertificateName;
        public Task<int> GetSignatureSizeAsync() => signer.GetSignatureSizeAsync();
        public Task<byte[]> GetSignatureAsync(Stream stream) => Task.FromResult(new byte[] { 0 });
    }
}
