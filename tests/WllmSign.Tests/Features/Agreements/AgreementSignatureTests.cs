using System.Security.Cryptography.X509Certificates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Agreements.Signatures;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>The signature of the agreement PDF as readers check it (pdfsig with the alliance CA) and as /verify checks it.</summary>
public sealed class AgreementSignatureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 27, 2, 30, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "wllmsign-tests", "sig-" + Guid.NewGuid().ToString("N"));
    private X509Certificate2 signer = null!, ca = null!;
    private string nss = null!;

    public async Task InitializeAsync()
    {
        (signer, ca, _) = DemoCertificates.LoadOrCreate(PortalFactory.TestSigning.Folder, TimeProvider.System);
        nss = await PdfTools.NssDbTrustingAsync(ca, Path.Combine(folder, "nss"));
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private byte[] Signed(AgreementDocument doc, X509Certificate2? by = null, X509Certificate2? byCa = null) =>
        AgreementPdf.Render(doc, AgreementSamples.Fonts, AgreementSamples.BaseUrl,
            new AgreementSignature(new AllianceCmsSigner(by ?? signer, byCa ?? ca, SignedAt)));

    [Fact]
    public async Task Pdfsig_reports_the_signature_valid_trusted_and_covering_the_whole_document()
    {
        var pdf = Signed(AgreementSamples.Document(studentName: "王小明"));

        var report = await PdfsigAsync(pdf);

        Assert.Contains("Signature Validation: Signature is Valid.", report, StringComparison.Ordinal);
        Assert.Contains("Certificate Validation: Certificate is Trusted.", report, StringComparison.Ordinal);
        Assert.Contains("Total document signed", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Not total document signed", report, StringComparison.Ordinal);
        Assert.Contains("Signing Time: Nov 27 2026 02:30:00", report, StringComparison.Ordinal);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", report, StringComparison.Ordinal);
        Assert.Equal(PdfSignatureState.Intact, PdfSignatureInspector.Inspect(pdf, ca));
    }

    [Fact]
    public void The_signature_is_pades_baseline_b_with_the_signing_certificate_reference_and_the_time_in_the_dictionary_only()
    {
        var pdf = Signed(AgreementSamples.Document(studentName: "王小明"));
        var text = System.Text.Encoding.Latin1.GetString(pdf);

        var range = System.Text.RegularExpressions.Regex.Match(text, @"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)");
        var (b, c) = (int.Parse(range.Groups[1].Value), int.Parse(range.Groups[2].Value));
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        var contents = Convert.FromHexString(text[(b + 1)..(c - 1)]);
        System.Formats.Asn1.AsnDecoder.ReadEncodedValue(contents, System.Formats.Asn1.AsnEncodingRules.BER, out _, out _, out var length);
        cms.Decode(contents[..length]);
        var attributes = cms.SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .Select(a => a.Oid.Value).ToList();

        Assert.Contains("/SubFilter/ETSI.CAdES.detached", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("adbe.pkcs7.detached", text, StringComparison.Ordinal);
        Assert.Contains("/M(D:20261127023000", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("1.2.840.113549.1.9.3", attributes);       // content-type
        Assert.Contains("1.2.840.113549.1.9.4", attributes);       // message-digest
        Assert.Contains("1.2.840.113549.1.9.16.2.47", attributes); // ESS signing-certificate-v2
        Assert.DoesNotContain("1.2.840.113549.1.9.5", attributes); // no CMS signing time (PAdES: /M)
        var essValue = cms.SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.47").Values[0].RawData;
        Assert.True(essValue.AsSpan().IndexOf(System.Security.Cryptography.SHA256.HashData(signer.RawData)) >= 0);
        Assert.Equal(signer.RawData, cms.SignerInfos[0].Certificate!.RawData);
    }

    [Fact]
    public async Task Rare_character_names_are_signed_after_the_text_map_repair_and_still_read_correctly()
    {
        var pdf = Signed(AgreementSamples.Document(studentName: "吉𠮷·阿〇"));

        Assert.Contains("吉𠮷·阿〇", AgreementPdfTests.Text(pdf), StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Signature is Valid.", await PdfsigAsync(pdf), StringComparison.Ordinal);
        Assert.Equal(PdfSignatureState.Intact, PdfSignatureInspector.Inspect(pdf, ca));
        var image = await PdfTools.RenderFirstPageAsync(pdf, "agreement-signed-rare-name", 110);
        Assert.True(new FileInfo(image).Length > 10_000);
    }

    [Fact]
    public async Task One_flipped_byte_is_a_digest_mismatch_for_pdfsig_and_modified_for_the_portal()
    {
        var pdf = PdfTools.FlipOneByte(Signed(AgreementSamples.Document(studentName: "王小明")));

        var report = await PdfsigAsync(pdf);

        Assert.DoesNotContain("Signature is Valid", report, StringComparison.Ordinal);
        Assert.Contains("Digest Mismatch", report, StringComparison.Ordinal);
        Assert.Equal(PdfSignatureState.Modified, PdfSignatureInspector.Inspect(pdf, ca));
    }

    [Fact]
    public async Task An_appended_incremental_update_with_changed_text_is_not_total_document_signed_and_modified_for_the_portal()
    {
        var original = Signed(AgreementSamples.Document(studentName: "王小明"));
        var forged = PdfTools.AppendIncrementalUpdate(original, "99999");

        // The forgery shows: a reader sees the new text.
        Assert.Contains("99999", AgreementPdfTests.Text(forged), StringComparison.Ordinal);
        Assert.DoesNotContain("99999", AgreementPdfTests.Text(original), StringComparison.Ordinal);
        var report = await PdfsigAsync(forged);
        Assert.Contains("Not total document signed", report, StringComparison.Ordinal);
        Assert.Equal(PdfSignatureState.Modified, PdfSignatureInspector.Inspect(forged, ca));
    }

    [Fact]
    public async Task A_pdf_signed_with_another_certificate_is_untrusted_for_pdfsig_and_foreign_for_the_portal()
    {
        var (otherSigner, otherCa) = DemoCertificates.Create("湖北高校就业网络联盟", TimeProvider.System.GetUtcNow(), demo: false);
        var pdf = Signed(AgreementSamples.Document(studentName: "王小明"), otherSigner, otherCa);

        var report = await PdfsigAsync(pdf);

        Assert.DoesNotContain("Certificate is Trusted", report, StringComparison.Ordinal);
        Assert.Equal(PdfSignatureState.Foreign, PdfSignatureInspector.Inspect(pdf, ca));
        // Unsigned, and not a PDF at all.
        Assert.Equal(PdfSignatureState.Foreign, PdfSignatureInspector.Inspect(
            AgreementPdf.Render(AgreementSamples.Document(studentName: "王小明"), AgreementSamples.Fonts, AgreementSamples.BaseUrl), ca));
        Assert.Equal(PdfSignatureState.NotPdf, PdfSignatureInspector.Inspect("GIF89a......"u8, ca));
    }

    [Fact]
    public async Task The_seal_renders_red_beside_the_date_with_the_signature_and_only_when_signed()
    {
        var doc = AgreementSamples.Document(studentName: "王小明");
        var signed = await RedPixelsAsync(Signed(doc), "agreement-signed-seal");
        var unsigned = await RedPixelsAsync(AgreementPdf.Render(doc, AgreementSamples.Fonts, AgreementSamples.BaseUrl), "agreement-unsigned-no-seal");

        Assert.True(signed > 2_000, $"only {signed} red pixels in the seal area");
        Assert.Equal(0, unsigned);
        // The seal's texts are in the file (the appearance stream of the signature field).
        var text = System.Text.Encoding.Latin1.GetString(Signed(doc));
        Assert.Matches(@"/FT\s*/Sig", text);
    }

    [Fact]
    public async Task A_void_agreement_carries_the_mark_and_the_termination_date_and_is_signed()
    {
        var doc = AgreementSamples.Document(isVoid: true, studentName: "王小明") with { TerminatedOn = new DateOnly(2027, 3, 1) };
        var pdf = Signed(doc);

        var text = AgreementPdfTests.Text(pdf);
        Assert.Contains(AgreementPdf.VoidMark, text, StringComparison.Ordinal);
        Assert.Contains("解约日期：2027年3月1日", text, StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Signature is Valid.", await PdfsigAsync(pdf), StringComparison.Ordinal);
        await PdfTools.RenderFirstPageAsync(pdf, "agreement-signed-void", 80);
    }

    private Task<string> PdfsigAsync(byte[] pdf) => PdfTools.PdfsigAsync(pdf, nss);

    /// <summary>Strongly red pixels in the lower right quarter of page 1 (where the date and the seal are).</summary>
    private static async Task<int> RedPixelsAsync(byte[] pdf, string name)
    {
        var path = await PdfTools.RenderFirstPageAsync(pdf, name, 100);
        using var image = Image.Load<Rgb24>(path);
        var red = 0;
        for (var y = image.Height / 2; y < image.Height; y++)
        for (var x = image.Width / 2; x < image.Width; x++)
        {
            var p = image[x, y];
            if (p.R > 170 && p.G < 110 && p.B < 110) red++;
        }
        return red;
    }
}
