using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>协议书查验: 有效 / 已失效 / 不存在, names masked, nothing else personal, throttled per client.</summary>
public sealed class AgreementCheckTests : IAsyncLifetime
{
    private AgreementTestBed bed = null!;
    private AgreementCheckService checks = null!;

    public async Task InitializeAsync()
    {
        bed = await AgreementTestBed.StartAsync();
        checks = bed.Portal.Services.GetRequiredService<AgreementCheckService>();
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private async Task<(string Name, string IdNumber)> StudentOfAsync(int signingId)
    {
        await using var db = bed.NewDb();
        var studentId = await db.Signings.Where(s => s.Id == signingId).Select(s => s.StudentId).SingleAsync();
        var st = await db.Students.SingleAsync(s => s.Id == studentId);
        return (st.Name, st.IdNumber);
    }

    [Fact]
    public async Task Effective_agreement_is_valid_with_the_school_employer_and_masked_student_name()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (number, code) = await bed.NumberAndCodeAsync(id);
        var (name, _) = await StudentOfAsync(id);

        var result = await checks.CheckAsync("10.0.0.1", number, code.ToLowerInvariant());

        Assert.Equal(AgreementCheckStatus.Valid, result.Status);
        Assert.Equal("有效", result.Verdict);
        Assert.Equal("湖北工业大学", result.SchoolName);
        Assert.Equal(bed.EmployerName, result.EmployerName);
        Assert.Equal(name[0] + new string('*', name.Length - 1), result.StudentName);
    }

    [Fact]
    public async Task Terminated_agreement_is_void()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (number, code) = await bed.NumberAndCodeAsync(id);
        Assert.Equal("有效", (await checks.CheckAsync("10.0.0.1", number, code)).Verdict);

        await bed.Given.Signing(id).TerminationRequestedBy(Party.Employer, "岗位调整").TerminationAgreedBy(Party.Student).TerminationApproved("管理员");

        var result = await checks.CheckAsync("10.0.0.1", number, code);
        Assert.Equal(AgreementCheckStatus.Void, result.Status);
        Assert.Equal("已失效", result.Verdict);
    }

    [Fact]
    public async Task Wrong_code_and_unknown_number_both_answer_not_found_and_reveal_nothing()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (number, code) = await bed.NumberAndCodeAsync(id);
        var wrongCode = code[0] == 'A' ? "B" + code[1..] : "A" + code[1..];
        var unknownNumber = number[..9] + "999999";

        foreach (var result in new[] { await checks.CheckAsync("10.0.0.1", number, wrongCode), await checks.CheckAsync("10.0.0.1", unknownNumber, code) })
        {
            Assert.Equal(AgreementCheckStatus.NotFound, result.Status);
            Assert.Equal("不存在", result.Verdict);
            Assert.Null(result.SchoolName);
            Assert.Null(result.EmployerName);
            Assert.Null(result.StudentName);
        }
    }

    [Theory]
    [InlineData("", "ABCDEFGH", "请输入协议书编号")]
    [InlineData("12345", "ABCDEFGH", "协议书编号应为15位数字")]
    [InlineData("105002027000001", "", "请输入校验码")]
    [InlineData("105002027000001", "AB0", "校验码应为8位字母或数字，请核对")]
    public async Task Malformed_input_is_told_what_is_wrong(string number, string code, string message)
    {
        var result = await checks.CheckAsync("10.0.0.1", number, code);
        Assert.Equal(AgreementCheckStatus.Invalid, result.Status);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task More_than_twenty_checks_a_minute_from_one_client_are_refused_until_the_next_minute()
    {
        for (var i = 0; i < 20; i++)
            Assert.NotEqual(AgreementCheckStatus.Throttled, (await checks.CheckAsync("10.0.0.9", "105002027000001", "ABCDEFGH")).Status);

        var refused = await checks.CheckAsync("10.0.0.9", "105002027000001", "ABCDEFGH");
        Assert.Equal(AgreementCheckStatus.Throttled, refused.Status);
        Assert.StartsWith("查询过于频繁，请 ", refused.Message, StringComparison.Ordinal);
        Assert.NotEqual(AgreementCheckStatus.Throttled, (await checks.CheckAsync("10.0.0.10", "105002027000001", "ABCDEFGH")).Status);

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.NotEqual(AgreementCheckStatus.Throttled, (await checks.CheckAsync("10.0.0.9", "105002027000001", "ABCDEFGH")).Status);
    }

    [Fact]
    public async Task The_qr_link_opens_the_public_page_without_login_and_shows_no_full_name_or_id_number()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (number, code) = await bed.NumberAndCodeAsync(id);
        var (name, idNumber) = await StudentOfAsync(id);
        using var client = await bed.ClientAsync();

        using var response = await client.GetAsync(new Uri(AgreementPdf.VerifyUrl("http://localhost", number, code)).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-status=\"Valid\"", html, StringComparison.Ordinal);
        Assert.Contains(">有效<", html, StringComparison.Ordinal);
        Assert.Contains(name[0] + new string('*', name.Length - 1), html, StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, html, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber[..6], html, StringComparison.Ordinal);
    }

    // The page itself (decision 030: GET /verify is short-circuited after the security headers and written without Razor).

    private static string Decoded(string html) => WebUtility.HtmlDecode(html);

    [Fact]
    public async Task The_page_refuses_the_twenty_first_check_a_minute_from_one_client_in_Chinese()
    {
        using var client = await bed.ClientAsync();
        for (var i = 0; i < 20; i++)
        {
            using var ok = await client.GetAsync("/verify?no=105002027000001&code=ABCDEFGH");
            Assert.Contains("data-status=\"NotFound\"", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var refused = await client.GetAsync("/verify?no=105002027000001&code=ABCDEFGH");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = Decoded(await refused.Content.ReadAsStringAsync());
        Assert.Contains("查询过于频繁，请 ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-status=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_a_termination_at_once_and_is_never_stored_by_caches()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (number, code) = await bed.NumberAndCodeAsync(id);
        using var client = await bed.ClientAsync();
        var address = $"/verify?no={number}&code={code}";

        using (var before = await client.GetAsync(address))
        {
            Assert.Contains("data-status=\"Valid\"", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(before.Headers.CacheControl?.NoStore);
        }
        await bed.Given.Signing(id).TerminationRequestedBy(Party.Employer, "岗位调整").TerminationAgreedBy(Party.Student).TerminationApproved("管理员");

        using var after = await client.GetAsync(address);
        var html = Decoded(await after.Content.ReadAsStringAsync());
        Assert.Contains("data-status=\"Void\"", html, StringComparison.Ordinal);
        Assert.Contains(">已失效<", html, StringComparison.Ordinal);
        Assert.Contains("该协议书已解约，已失效", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_keeps_the_security_headers_and_the_sign_in_pages_header_and_footer()
    {
        using var client = await bed.ClientAsync();
        using var verify = await client.GetAsync("/verify?no=105002027000001&code=ABCDEFGH");
        using var login = await client.GetAsync("/Account/Login");

        Assert.Equal("nosniff", verify.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", verify.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", verify.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("default-src 'self'; script-src 'self' 'nonce-", verify.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/html; charset=utf-8", verify.Content.Headers.ContentType?.ToString());
        // An anonymous check leaves no cookie behind (no antiforgery token, no session).
        Assert.False(verify.Headers.Contains("Set-Cookie"));

        // VerifyHtml draws the sign-in pages' header and footer itself: they must stay those of AccountLayout.razor.
        static string Part(string html, string start, string end)
        {
            var from = html.IndexOf(start, StringComparison.Ordinal);
            Assert.True(from >= 0, start);
            var to = html.IndexOf(end, from, StringComparison.Ordinal) + end.Length;
            // Razor trims the whitespace between elements; the text and the markup must be the same.
            return System.Text.RegularExpressions.Regex.Replace(html[from..to], @">\s+<", "><");
        }
        var verifyHtml = Decoded(await verify.Content.ReadAsStringAsync());
        var loginHtml = Decoded(await login.Content.ReadAsStringAsync());
        Assert.Equal(Part(loginHtml, "<header class=\"acct-bar\">", "</header>"), Part(verifyHtml, "<header class=\"acct-bar\">", "</header>"));
        Assert.Equal(Part(loginHtml, "<footer class=\"acct-foot\">", "</footer>"), Part(verifyHtml, "<footer class=\"acct-foot\">", "</footer>"));
        Assert.Contains("<h1>协议书查验</h1>", verifyHtml, StringComparison.Ordinal);
        Assert.Contains("<title>协议书查验 - 签约上报系统</title>", verifyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_checker_typed_comes_back_in_the_form_encoded_never_as_markup()
    {
        using var client = await bed.ClientAsync();
        using var response = await client.GetAsync("/verify?no=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&code=%3Cb%3E");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;b&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("协议书编号应为15位数字", Decoded(html), StringComparison.Ordinal);
    }
}
