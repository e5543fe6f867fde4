using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>One portal with an Effective, a terminated and a not-yet-verified signing, shared by the access tests.</summary>
public sealed class AgreementAccessFixture : IAsyncLifetime
{
    public AgreementTestBed Bed { get; private set; } = null!;
    public int Effective { get; private set; }
    public int Terminated { get; private set; }
    public int Pending { get; private set; }

    public async Task InitializeAsync()
    {
        Bed = await AgreementTestBed.StartAsync();
        await Bed.AddOtherAccountsAsync();
        Effective = await Bed.Given.Invites(Bed.DemoStudentId).Accepted().Verified();
        Terminated = await Bed.Given.Invites(await Bed.OtherStudentIdAsync(0)).Accepted().Verified();
        await Bed.Given.Signing(Terminated).TerminationRequestedBy(Party.Employer, "岗位调整").TerminationAgreedBy(Party.Student).TerminationApproved("管理员");
        Pending = await Bed.Given.Invites(await Bed.OtherStudentIdAsync(1)).Accepted();
    }

    public async Task DisposeAsync() => await Bed.DisposeAsync();
}

/// <summary>Who may fetch an agreement: its employer, its student and its school's admins; anyone else gets 404.</summary>
public sealed class AgreementAccessTests(AgreementAccessFixture fixture) : IClassFixture<AgreementAccessFixture>
{
    private AgreementTestBed Bed => fixture.Bed;

    public static TheoryData<string> Entitled => new() { DemoData.EmployerEmail, DemoData.StudentEmail, DemoData.SchoolAdminEmail("10500") };

    [Theory]
    [MemberData(nameof(Entitled))]
    public async Task Parties_and_the_schools_admin_get_the_pdf_inline_with_its_chinese_file_name(string email)
    {
        using var client = await Bed.ClientAsync(email);
        using var response = await client.GetAsync(AgreementEndpoints.PdfUrl(fixture.Effective));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        var (number, _) = await Bed.NumberAndCodeAsync(fixture.Effective);
        Assert.Equal("inline", disposition.DispositionType);
        Assert.Equal($"协议书_{number}.pdf", disposition.FileNameStar);
        var text = AgreementPdfTests.Text(await response.Content.ReadAsByteArrayAsync());
        await using var db = Bed.NewDb();
        var student = await db.Students.SingleAsync(s => s.Id == Bed.DemoStudentId);
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains(student.Name, text, StringComparison.Ordinal);
        Assert.Contains(student.IdNumber, text, StringComparison.Ordinal);
        Assert.Contains(DemoData.EmployerName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AgreementPdf.VoidMark, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_user_gets_404_not_a_redirect_to_the_login()
    {
        using var client = await Bed.ClientAsync();
        using var response = await client.GetAsync(AgreementEndpoints.PdfUrl(fixture.Effective));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> Strangers => new()
    {
        AgreementTestBed.OtherEmployerEmail, AgreementTestBed.OtherStudentEmail, DemoData.SchoolAdminEmail("10491"), DemoData.AllianceEmail,
    };

    [Theory]
    [MemberData(nameof(Strangers))]
    public async Task Another_employer_student_or_schools_admin_gets_404(string email)
    {
        using var client = await Bed.ClientAsync(email);
        using var response = await client.GetAsync(AgreementEndpoints.PdfUrl(fixture.Effective));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_that_never_became_effective_has_no_agreement_even_for_its_employer()
    {
        using var client = await Bed.ClientAsync(DemoData.EmployerEmail);
        using var pending = await client.GetAsync(AgreementEndpoints.PdfUrl(fixture.Pending));
        using var unknown = await client.GetAsync(AgreementEndpoints.PdfUrl(999_999));
        Assert.Equal(HttpStatusCode.NotFound, pending.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Terminated_agreement_still_opens_for_its_parties_marked_void()
    {
        using var client = await Bed.ClientAsync(DemoData.EmployerEmail);
        var text = AgreementPdfTests.Text(await client.GetByteArrayAsync(AgreementEndpoints.PdfUrl(fixture.Terminated)));
        Assert.Contains(AgreementPdf.VoidMark, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task School_zip_holds_each_agreement_as_faculty_folder_and_student_number_name()
    {
        await using var db = Bed.NewDb();
        var expected = await db.Signings.Where(s => s.Id == fixture.Effective || s.Id == fixture.Terminated)
            .Join(db.Students, s => s.StudentId, st => st.Id, (s, st) => new { s.Id, st.Faculty, st.StudentNumber, st.Name, st.GraduationYear })
            .ToListAsync();
        using var client = await Bed.ClientAsync(DemoData.SchoolAdminEmail("10500"));
        using var response = await client.GetAsync(AgreementEndpoints.SchoolZipUrl(expected[0].GraduationYear, null, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).Order().ToList();
        var effective = expected.Single(e => e.Id == fixture.Effective);
        var terminated = expected.Single(e => e.Id == fixture.Terminated);
        Assert.Equal(new[]
        {
            $"{effective.Faculty}/{effective.StudentNumber}_{effective.Name}.pdf",
            $"{terminated.Faculty}/{terminated.StudentNumber}_{terminated.Name}_已失效.pdf",
        }.Order(), names);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            var text = AgreementPdfTests.Text(copy.ToArray());
            Assert.Equal(entry.FullName.Contains("已失效", StringComparison.Ordinal), text.Contains(AgreementPdf.VoidMark, StringComparison.Ordinal));
        }

        using var filtered = await client.GetAsync(AgreementEndpoints.SchoolZipUrl(null, null, effective.Faculty == terminated.Faculty ? "没有这个学院" : effective.Faculty));
        using var filteredZip = new ZipArchive(new MemoryStream(await filtered.Content.ReadAsByteArrayAsync()));
        Assert.Equal(effective.Faculty == terminated.Faculty ? 0 : 1, filteredZip.Entries.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(DemoData.EmployerEmail)]
    [InlineData(DemoData.StudentEmail)]
    public async Task School_zip_is_404_for_anyone_but_a_school_admin(string? email)
    {
        using var client = await Bed.ClientAsync(email);
        using var response = await client.GetAsync(AgreementEndpoints.SchoolZipUrl(null, null, null));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Another_schools_admin_gets_its_own_empty_archive_not_this_schools_agreements()
    {
        using var client = await Bed.ClientAsync(DemoData.SchoolAdminEmail("10491"));
        using var response = await client.GetAsync(AgreementEndpoints.SchoolZipUrl(null, null, null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Empty(zip.Entries);
    }

    [Fact]
    public async Task Without_a_chinese_font_the_download_says_so_in_chinese_instead_of_drawing_empty_boxes()
    {
        // An agreement not issued yet (an issued one is served as stored, without drawing: decision 021).
        await using (var db = Bed.NewDb())
            await db.AgreementFiles.Where(f => f.SigningId == fixture.Effective).ExecuteDeleteAsync();
        await using var noFont = Bed.Portal.WithWebHostBuilder(b => b.UseSetting("Agreements:FontPath", "/nonexistent/no-such-font.ttc"));
        using var client = await Bed.ClientAsync(DemoData.EmployerEmail, noFont);
        using var response = await client.GetAsync(AgreementEndpoints.PdfUrl(fixture.Effective));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("服务器未安装中文字体，暂时无法生成协议书，请联系管理员", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
