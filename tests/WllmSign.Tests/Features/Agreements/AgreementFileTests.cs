using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Agreements.Signatures;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>One portal (demo data, the test run's demo certificate) shared by the issued-file tests; each test uses its own students.</summary>
public sealed class AgreementFileFixture : IAsyncLifetime
{
    public AgreementTestBed Bed { get; private set; } = null!;

    // Many file checks from one test client address: the shared 查验 budget is tested on a host of its own.
    public async Task InitializeAsync() => Bed = await AgreementTestBed.StartAsync(settings: new Dictionary<string, string?> { ["RateLimits:Verify:Permits"] = "1000" });

    public async Task DisposeAsync() => await Bed.DisposeAsync();
}

/// <summary>
/// Issued agreement files (decision 021): signed once, stored with their SHA-256, the same bytes on every download and in the
/// school's ZIP; /verify's file check tells 有效 / 已失效 / 文件被修改 / 非本系统签发 with nothing personal but the masked name.
/// </summary>
public sealed class AgreementFileTests(AgreementFileFixture fixture) : IClassFixture<AgreementFileFixture>
{
    private AgreementTestBed Bed => fixture.Bed;
    private AllianceCertificates Certificates => Bed.Portal.Services.GetRequiredService<AllianceCertificates>();

    private async Task<int> SignOtherAsync(int skip) => await Bed.Given.Invites(await Bed.OtherStudentIdAsync(skip)).Accepted().Verified();

    private async Task<byte[]> DownloadAsync(int signingId, string email = DemoData.EmployerEmail)
    {
        using var client = await Bed.ClientAsync(email);
        using var response = await client.GetAsync(AgreementEndpoints.PdfUrl(signingId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>POST /verify with the file, as the page's upload form does; the page's HTML.</summary>
    private async Task<string> PostFileAsync(byte[] file, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? portal = null)
    {
        using var client = (portal ?? Bed.Portal).CreateClient();
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(content, "file", "协议书.pdf");
        using var response = await client.PostAsync("/verify", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The renderer writes Chinese text as character references: the page as a reader sees it.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The text of the element with <c>data-testid</c> = <paramref name="testId"/> (decoded HTML).</summary>
    private static string Field(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<") is { Success: true } m ? m.Groups[1].Value : "";

    private static string Verdict(string html) => Field(html, "verify-verdict");
    private static string Message(string html) => Field(html, "verify-message");

    private async Task<(string Name, string IdNumber)> StudentOfAsync(int signingId)
    {
        await using var db = Bed.NewDb();
        var studentId = await db.Signings.Where(s => s.Id == signingId).Select(s => s.StudentId).SingleAsync();
        var st = await db.Students.SingleAsync(s => s.Id == studentId);
        return (st.Name, st.IdNumber);
    }

    [Fact]
    public async Task An_agreement_is_signed_once_and_every_download_by_every_party_is_the_same_stored_file()
    {
        var id = await SignOtherAsync(10);

        var first = await DownloadAsync(id);
        Bed.Clock.Advance(TimeSpan.FromHours(3));
        var again = await DownloadAsync(id);
        var bySchool = await DownloadAsync(id, DemoData.SchoolAdminEmail("10500"));

        Assert.Equal(first, again);
        Assert.Equal(first, bySchool);
        Assert.Equal(PdfSignatureState.Intact, PdfSignatureInspector.Inspect(first, Certificates.Ca!));
        await using var db = Bed.NewDb();
        var stored = await db.AgreementFiles.Where(f => f.SigningId == id).ToListAsync();
        var file = Assert.Single(stored);
        Assert.Equal(AgreementFileKind.Effective, file.Kind);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), file.Sha256);
        Assert.True(file.Signed);
    }

    [Fact]
    public async Task Effective_agreements_are_issued_in_the_background_before_any_download_and_the_void_file_once_terminated()
    {
        var id = await SignOtherAsync(9);
        var job = Bed.Portal.Services.GetRequiredService<AgreementIssuingJob>();

        await job.RunOnceAsync();
        AgreementFile effective;
        await using (var db = Bed.NewDb()) effective = await db.AgreementFiles.SingleAsync(f => f.SigningId == id);
        await Bed.Given.Signing(id).TerminationRequestedBy(Party.Employer, "岗位调整").TerminationAgreedBy(Party.Student).TerminationApproved("管理员");
        await job.RunOnceAsync();

        Assert.Equal(AgreementFileKind.Effective, effective.Kind);
        Assert.True(effective.Signed);
        Assert.Equal(PdfSignatureState.Intact, PdfSignatureInspector.Inspect(effective.Content, Certificates.Ca!));
        Assert.Equal("已失效", Verdict(await PostFileAsync(effective.Content)));
        await using var after = Bed.NewDb();
        var voided = await after.AgreementFiles.SingleAsync(f => f.SigningId == id && f.Kind == AgreementFileKind.Void);
        Assert.Contains(AgreementPdf.VoidMark, AgreementPdfTests.Text(voided.Content), StringComparison.Ordinal);
        // The downloads serve the files issued in advance.
        Assert.Equal(voided.Content, await DownloadAsync(id));
    }

    [Fact]
    public async Task The_genuine_file_is_valid_at_verify_with_the_masked_name_and_nothing_else_personal()
    {
        var id = await SignOtherAsync(11);
        var (name, idNumber) = await StudentOfAsync(id);
        var (number, _) = await Bed.NumberAndCodeAsync(id);

        var html = await PostFileAsync(await DownloadAsync(id));

        Assert.Equal("有效", Verdict(html));
        Assert.Contains(number, html, StringComparison.Ordinal);
        Assert.Equal(NameMask.Mask(name), Field(html, "verify-student"));
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_termination_the_old_file_is_void_and_a_newly_signed_void_file_with_the_termination_date_is_issued()
    {
        var id = await SignOtherAsync(12);
        var effective = await DownloadAsync(id);

        await Bed.Given.Signing(id).TerminationRequestedBy(Party.Employer, "岗位调整").TerminationAgreedBy(Party.Student).TerminationApproved("管理员");
        var old = await PostFileAsync(effective);
        var voidFile = await DownloadAsync(id);

        Assert.Equal("已失效", Verdict(old));
        Assert.NotEqual(effective, voidFile);
        var text = AgreementPdfTests.Text(voidFile);
        Assert.Contains(AgreementPdf.VoidMark, text, StringComparison.Ordinal);
        Assert.Contains("解约日期：2026年11月27日", text, StringComparison.Ordinal);
        Assert.Equal(PdfSignatureState.Intact, PdfSignatureInspector.Inspect(voidFile, Certificates.Ca!));
        Assert.Equal("已失效", Verdict(await PostFileAsync(voidFile)));
        Assert.Equal(voidFile, await DownloadAsync(id));
        await using var db = Bed.NewDb();
        Assert.Equal([AgreementFileKind.Effective, AgreementFileKind.Void],
            await db.AgreementFiles.Where(f => f.SigningId == id).OrderBy(f => f.Kind).Select(f => f.Kind).ToListAsync());
    }

    [Fact]
    public async Task Altered_files_are_modified_and_files_the_portal_did_not_issue_are_foreign()
    {
        var id = await SignOtherAsync(13);
        var genuine = await DownloadAsync(id);
        var doc = await Bed.Portal.Services.GetRequiredService<AgreementService>().FindAsync(
            new WllmSign.Portal.Features.Accounts.CurrentUser("x", "x", WllmSign.Portal.Data.Roles.Employer, Bed.EmployerId, null, null), id);
        var (otherSigner, otherCa) = DemoCertificates.Create("湖北高校就业网络联盟", TimeProvider.System.GetUtcNow(), demo: false);
        var otherAlliance = AgreementPdf.Render(doc!, AgreementSamples.Fonts, AgreementSamples.BaseUrl,
            new AgreementSignature(new AllianceCmsSigner(otherSigner, otherCa, Bed.Clock.GetUtcNow())));
        // Signed with the portal's own certificate, but never issued (another signing time: another file).
        var notIssued = Bed.Portal.Services.GetRequiredService<AgreementFileStore>().Draw(doc!, Bed.Clock.GetUtcNow().AddMinutes(5));

        Assert.Equal("文件被修改", Verdict(await PostFileAsync(PdfTools.FlipOneByte(genuine))));
        Assert.Equal("文件被修改", Verdict(await PostFileAsync(PdfTools.AppendIncrementalUpdate(genuine, "99999"))));
        Assert.Equal("非本系统签发", Verdict(await PostFileAsync(otherAlliance)));
        Assert.Equal("非本系统签发", Verdict(await PostFileAsync(notIssued)));
        Assert.Equal("有效", Verdict(await PostFileAsync(genuine)));
    }

    [Fact]
    public async Task Not_a_pdf_too_large_or_no_file_get_a_chinese_message()
    {
        Assert.Contains("不是PDF文件", Message(await PostFileAsync("GIF89a not a pdf"u8.ToArray())), StringComparison.Ordinal);
        Assert.Contains("文件过大", Message(await PostFileAsync(new byte[2 * 1024 * 1024 + 1])), StringComparison.Ordinal);

        using var client = Bed.Portal.CreateClient();
        using var empty = await client.PostAsync("/verify", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Contains("请选择要查验的协议书PDF文件", Message(WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_checks_share_the_number_checks_budget_per_client()
    {
        await using var strict = Bed.Portal.WithWebHostBuilder(b => b.UseSetting("RateLimits:Verify:Permits", "2"));
        var pdf = await DownloadAsync(await SignOtherAsync(14));

        using var client = strict.CreateClient();
        using (await client.GetAsync("/verify?no=105002027000001&code=ABCDEFGH")) { }
        Assert.Equal("有效", Verdict(await PostFileAsync(pdf, strict)));
        Assert.Contains("过于频繁", Message(await PostFileAsync(pdf, strict)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schools_zip_holds_the_issued_files_and_the_alliance_ca_is_offered_at_verify()
    {
        var id = await SignOtherAsync(15);
        var downloaded = await DownloadAsync(id);

        using var school = await Bed.ClientAsync(DemoData.SchoolAdminEmail("10500"));
        using var zip = new ZipArchive(await (await school.GetAsync(AgreementEndpoints.SchoolZipUrl(null, null, null))).Content.ReadAsStreamAsync());
        var hashes = new List<string>();
        foreach (var entry in zip.Entries)
        {
            await using var s = entry.Open();
            using var buffer = new MemoryStream();
            await s.CopyToAsync(buffer);
            hashes.Add(Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
        }
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(downloaded)), hashes);
        await using (var db = Bed.NewDb())
        {
            // Every agreement of the ZIP is now issued: its entry is its stored file.
            var stored = await db.AgreementFiles.Select(f => f.Sha256).ToListAsync();
            Assert.All(hashes, h => Assert.Contains(h, stored));
        }

        using var anonymous = Bed.Portal.CreateClient();
        var page = await anonymous.GetStringAsync("/verify");
        Assert.Contains($"href=\"{VerifyEndpoint.CaCertificatePath}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"verify-file-form\"", page, StringComparison.Ordinal);
        var pem = await anonymous.GetStringAsync(VerifyEndpoint.CaCertificatePath);
        Assert.Equal(Certificates.Ca!.RawData, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).RawData);
    }
}

/// <summary>Signing is on by default: without a certificate (and without the demo one) the portal does not start; explicitly off, it issues unsigned files.</summary>
public sealed class AgreementSigningStartupTests
{
    [Fact]
    public async Task Without_a_certificate_the_portal_refuses_to_start_and_names_the_setting()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Agreements:Signing:GenerateDemoCertificate"] = "false" });

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        var all = error.ToString();
        Assert.Contains("Agreements:Signing:CertificatePath", all, StringComparison.Ordinal);
        Assert.Contains("Agreements:Signing:Enabled=false", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_turned_off_explicitly_starts_and_the_file_check_says_so()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Agreements:Signing:GenerateDemoCertificate"] = "false",
            ["Agreements:Signing:Enabled"] = "false",
        });
        Assert.False(portal.Services.GetRequiredService<AllianceCertificates>().Enabled);

        using var client = portal.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.7 x"u8.ToArray()), "file", "a.pdf" } };
        var html = WebUtility.HtmlDecode(await (await client.PostAsync("/verify", form)).Content.ReadAsStringAsync());
        Assert.Contains("本系统未启用协议书数字签名", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(VerifyEndpoint.CaCertificatePath)).StatusCode);
    }
}
