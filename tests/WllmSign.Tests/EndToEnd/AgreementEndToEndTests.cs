using System.Diagnostics;
using Microsoft.Playwright;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Demo;
using WllmSign.Tests.Features.Agreements;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// The employer opens an Effective agreement in the browser; its first page is rendered with Debian's
/// pdftoppm for a person to look at. The QR code's link opens 协议书查验 on a phone without signing in.
/// </summary>
public sealed class AgreementEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private AgreementTestBed bed = null!;
    private string baseAddress = "";

    public async Task InitializeAsync()
    {
        bed = await AgreementTestBed.StartAsync(kestrel: true);
        baseAddress = bed.Portal.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task Employer_opens_an_effective_agreement_that_reads_like_the_official_form()
    {
        var effective = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var terminated = await bed.Given.Invites(await bed.OtherStudentIdAsync()).Accepted().Verified();
        await bed.Given.Signing(terminated).TerminationRequestedBy(Party.Employer, "岗位调整").TerminationAgreedBy(Party.Student).TerminationApproved("管理员");
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(baseAddress, DemoData.EmployerEmail, AgreementTestBed.Password);
        await page.WaitForUrlExplainedAsync(baseAddress + "/employer");

        var response = await context.APIRequest.GetAsync(baseAddress + AgreementEndpoints.PdfUrl(effective));
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        Assert.StartsWith("inline;", response.Headers["content-disposition"], StringComparison.Ordinal);
        var pdf = await response.BodyAsync();
        var text = AgreementPdfTests.Text(pdf);
        Assert.Contains("湖北省高校毕业生就业协议书", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AgreementPdf.VoidMark, text, StringComparison.Ordinal);
        await RenderFirstPageAsync(pdf, "agreement-page1");

        var voidPdf = await (await context.APIRequest.GetAsync(baseAddress + AgreementEndpoints.PdfUrl(terminated))).BodyAsync();
        Assert.Contains(AgreementPdf.VoidMark, AgreementPdfTests.Text(voidPdf), StringComparison.Ordinal);
        await RenderFirstPageAsync(voidPdf, "agreement-void-page1");
    }

    [Fact]
    public async Task The_qr_link_opens_the_check_page_on_a_phone_without_signing_in()
    {
        var effective = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (number, code) = await bed.NumberAndCodeAsync(effective);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 740 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(AgreementPdf.VerifyUrl(baseAddress, number, code));
        await Assertions.Expect(page.Locator("[data-testid='verify-verdict']")).ToHaveTextAsync("有效");
        await Assertions.Expect(page.Locator("[data-testid='verify-school']")).ToHaveTextAsync("湖北工业大学");
        await Assertions.Expect(page.Locator("[data-testid='verify-student']")).ToContainTextAsync("*");
        await page.ShotAsync("agreement-verify-valid");

        await page.FillAsync("#code", "ABCDEFGH");
        await page.ClickAsync("#verify-submit");
        await Assertions.Expect(page.Locator("[data-testid='verify-verdict']")).ToHaveTextAsync("不存在");
        await Assertions.Expect(page.Locator("[data-testid='verify-school']")).ToHaveCountAsync(0);
        await page.ShotAsync("agreement-verify-missing");
    }

    /// <summary>pdftoppm (Debian's poppler-utils, installed by scripts/setup.sh) → artifacts/screenshots/NAME.png.</summary>
    private static async Task RenderFirstPageAsync(byte[] pdf, string name)
    {
        const string pdftoppm = "/usr/bin/pdftoppm";
        Assert.True(File.Exists(pdftoppm), "pdftoppm is missing: run scripts/setup.sh (it installs poppler-utils)");
        var input = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        var output = Path.Combine(PageExtensions.ScreenshotFolder, name);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(pdftoppm, ["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", input, output])
            {
                RedirectStandardError = true,
            })!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, errors);
        }
        finally
        {
            File.Delete(input);
        }
        Assert.True(new FileInfo(output + ".png").Length > 10_000);
    }
}
