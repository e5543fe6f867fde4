using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Audit;
using WllmSign.Portal.Features.Demo;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Features.SchoolAdmin.Roster;
using WllmSign.Portal.Features.Lists;
using WllmSign.Tests.Features.Agreements;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// ASVS 7.2.2 / 8.3.4: every Excel export (masked or full) and every full ID number shown to someone other than its
/// owner is an audit entry — who, what, how many rows, masked or full, when, from which address — that the student's
/// school and the alliance can read.
/// </summary>
public sealed class PrivacyAuditTests : AuditTestBase
{
    private async Task<IReadOnlyList<AuditRow>> LogOf(CurrentUser user, string action) =>
        (await Get<IAuditLog>().ListAsync(user, new AuditFilter(action), new PageRequest(0, 50))).Items;

    /// <summary>A cookie-keeping client of the Kestrel portal (real loopback socket) that has signed in.</summary>
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = bed.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(bed.Portal.BaseAddress) });
        var form = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = AgreementTestBed.Password,
        }));
        // (The Kestrel client of the factory follows the redirect to the home page; a failed sign-in stays on the form.)
        Assert.DoesNotContain("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        return client;
    }

    private static async Task DownloadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExcelRegistration.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>导出完整身份证号 as the page's form does it: a POST with the antiforgery token of a page of the portal.</summary>
    private static async Task FullDownloadAsync(HttpClient client, string url, string page)
    {
        var token = SessionClients.Token(await client.GetStringAsync(new Uri(page, UriKind.Relative)));
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExcelRegistration.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_full_id_export_by_GET_or_without_the_antiforgery_token_is_refused_and_logs_nothing()
    {
        await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        using var client = await SignedInAsync(DemoData.SchoolAdminEmail("10500"));
        foreach (var url in new[] { "/excel/exports/roster.xlsx?full=true", "/excel/exports/placement.xlsx?full=true", "/excel/exports/school-signings.xlsx?full=True" })
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
            // Another site's form: a POST without this portal's token.
            using var forged = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent([new("full", "true")]));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        using var employer = await SignedInAsync(DemoData.EmployerEmail);
        foreach (var url in new[] { "/excel/exports/send-list.xlsx?full=true", "/excel/exports/signings.xlsx?full=true" })
        {
            using var get = await employer.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        }
        Assert.Empty(await LogOf(Alliance, AuditActions.FullIdExported));
        Assert.Empty(await LogOf(Alliance, AuditActions.MaskedExported));
    }

    [Fact]
    public async Task A_masked_export_is_logged_as_masked_with_its_row_count_and_the_client_address()
    {
        int rows;
        await using (var db = bed.NewDb()) rows = await db.Students.CountAsync(s => s.SchoolId == bed.SchoolId);
        using var client = await SignedInAsync(DemoData.SchoolAdminEmail("10500"));

        await DownloadAsync(client, WllmSign.Portal.Features.SchoolAdmin.Roster.RosterExport.Link(new()));

        var entry = Assert.Single(await LogOf(SchoolAdmin, AuditActions.MaskedExported));
        Assert.Equal($"学生名单：{rows} 行（身份证号已遮盖）", entry.Target);
        Assert.Equal("学校", entry.RoleName);
        Assert.Equal("127.0.0.1", entry.ClientIp);
        Assert.Empty(await LogOf(SchoolAdmin, AuditActions.FullIdExported));
        Assert.Empty(await LogOf(OtherSchoolAdmin, AuditActions.MaskedExported));
        Assert.Single(await LogOf(Alliance, AuditActions.MaskedExported));
    }

    [Fact]
    public async Task A_full_id_export_is_an_audit_entry_not_only_a_log_line()
    {
        await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        using var client = await SignedInAsync(DemoData.SchoolAdminEmail("10500"));

        await FullDownloadAsync(client, ExcelLinks.Placement(), "/school/data");

        var entry = Assert.Single(await LogOf(SchoolAdmin, AuditActions.FullIdExported));
        Assert.Equal("就业方案：1 行（完整身份证号）", entry.Target);
        Assert.Equal("127.0.0.1", entry.ClientIp);
    }

    [Fact]
    public async Task Every_export_endpoint_writes_an_entry()
    {
        using var school = await SignedInAsync(DemoData.SchoolAdminEmail("10500"));
        await FullDownloadAsync(school, WllmSign.Portal.Features.SchoolAdmin.Roster.RosterExport.Link(new()), "/school/roster");
        await DownloadAsync(school, ExcelLinks.Placement());
        await DownloadAsync(school, WllmSign.Portal.Features.SchoolAdmin.Data.SchoolDataExport.Link(new()));
        using var employer = await SignedInAsync(DemoData.EmployerEmail);
        await DownloadAsync(employer, WllmSign.Portal.Features.Invitations.SendListExport.Link());
        await DownloadAsync(employer, SigningListExport.Link(DataTab.All, new SigningListFilter()));
        await DownloadAsync(employer, SigningListExport.Link(TerminationTab.EffectiveAgreements, new SigningListFilter()));

        var all = (await LogOf(Alliance, AuditActions.MaskedExported)).Concat(await LogOf(Alliance, AuditActions.FullIdExported)).ToList();
        Assert.Equal(6, all.Count);
        Assert.All(all, e => Assert.Equal("127.0.0.1", e.ClientIp));
        Assert.Contains(all, e => e.Target.StartsWith("学生名单：", StringComparison.Ordinal) && e.Target.EndsWith("（完整身份证号）", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Target.StartsWith("就业方案：", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Target.StartsWith("学校数据管理：", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Target.StartsWith("签约发送列表：", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Target.StartsWith("数据管理·", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Target.StartsWith("解约办理·已签约成功学生列表：", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_employers_export_is_logged_in_the_log_of_each_school_whose_graduates_it_holds()
    {
        await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        await bed.Given.Invites(await bed.OtherStudentIdAsync()).Accepted().Verified();
        int otherStudent;
        await using (var db = bed.NewDb()) otherStudent = await db.Students.Where(s => s.SchoolId == otherSchoolId).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        await bed.Given.Invites(otherStudent).Accepted();

        await using (var output = new MemoryStream())
            await Get<SigningListExport>().WriteAsync(Employer, DataTab.All, new SigningListFilter(), full: true, output);

        Assert.Equal("数据管理·全部：本校学生 2 行，共 3 行（完整身份证号）", Assert.Single(await LogOf(SchoolAdmin, AuditActions.FullIdExported)).Target);
        Assert.Equal("数据管理·全部：本校学生 1 行，共 3 行（完整身份证号）", Assert.Single(await LogOf(OtherSchoolAdmin, AuditActions.FullIdExported)).Target);
        Assert.Equal(2, (await LogOf(Alliance, AuditActions.FullIdExported)).Count);
    }

    [Fact]
    public async Task Revealing_a_full_id_number_on_a_detail_is_logged_but_the_students_own_is_not()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        string full;
        await using (var db = bed.NewDb()) full = await db.Students.Where(s => s.Id == bed.DemoStudentId).Select(s => s.IdNumber).SingleAsync();
        var reveal = Get<IdNumberReveal>();

        Assert.Equal(full, await reveal.SigningStudentAsync(Employer, id));
        Assert.Equal(full, await reveal.SigningStudentAsync(SchoolAdmin, id));
        Assert.Equal(full, await reveal.SigningStudentAsync(Student, id));
        Assert.Null(await reveal.SigningStudentAsync(OtherSchoolAdmin, id));
        Assert.Null(await reveal.SigningStudentAsync(new CurrentUser("other", "其他单位", Roles.Employer, bed.EmployerId + 1000, null, null), id));

        var entries = await LogOf(SchoolAdmin, AuditActions.FullIdViewed);
        Assert.Equal(["学校", "单位"], entries.Select(e => e.RoleName));
        Assert.All(entries, e => Assert.StartsWith($"签约 #{id} ", e.Target, StringComparison.Ordinal));
        Assert.Empty(await LogOf(OtherSchoolAdmin, AuditActions.FullIdViewed));
    }

    [Fact]
    public async Task Opening_a_student_for_editing_shows_the_full_id_number_and_is_logged()
    {
        var form = await Get<RosterService>().GetAsync(SchoolAdmin, bed.DemoStudentId);
        Assert.NotNull(form);
        Assert.Null(await Get<RosterService>().GetAsync(OtherSchoolAdmin, bed.DemoStudentId));

        var entry = Assert.Single(await LogOf(SchoolAdmin, AuditActions.FullIdViewed));
        Assert.Equal($"编辑学生 {form.Name}（学号 {form.StudentNumber}）", entry.Target);
    }
}
