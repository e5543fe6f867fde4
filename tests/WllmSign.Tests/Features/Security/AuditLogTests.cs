using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Audit;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Audit;
using WllmSign.Portal.Features.DataCenter.Terminations;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Portal.Features.StudentArea;
using WllmSign.Tests.Features.Agreements;

namespace WllmSign.Tests.Features.Security;

/// <summary>ASVS V7: sign-ins, verifications, terminations and downloads leave who, what, when and from where.</summary>
public sealed class AuditLogTests : AuditTestBase
{
    private Task<Page<AuditRow>> LogOf(CurrentUser user, string? action = null) =>
        Get<IAuditLog>().ListAsync(user, new AuditFilter(action), new PageRequest(0, 50));

    /// <summary>A cookie-keeping client of the Kestrel portal that has posted the sign-in form.</summary>
    private async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(string email, string password)
    {
        var client = bed.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(bed.Portal.BaseAddress) });
        var form = await client.GetStringAsync("/Account/Login");
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        }));
        return (client, response);
    }

    [Fact]
    public async Task Sign_ins_that_succeed_and_fail_are_logged_with_the_client_address()
    {
        var (okClient, ok) = await SignInAsync(DemoData.EmployerEmail, AgreementTestBed.Password);
        // (The Kestrel client of the factory follows the redirect to the employer's home.)
        Assert.True(ok.IsSuccessStatusCode || ok.StatusCode == HttpStatusCode.Redirect);
        var (failClient, failed) = await SignInAsync(DemoData.SchoolAdminEmail("10500"), "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        okClient.Dispose(); ok.Dispose(); failClient.Dispose(); failed.Dispose();

        await using var db = bed.NewDb();
        var entries = await db.AuditLog.OrderBy(e => e.Id).ToListAsync();
        var signIn = Assert.Single(entries, e => e.Action == AuditActions.SignIn);
        Assert.Equal(Roles.Employer, signIn.Role);
        Assert.Equal("账号 " + DemoData.EmployerEmail, signIn.Target);
        Assert.Equal("127.0.0.1", signIn.ClientIp);
        var failure = Assert.Single(entries, e => e.Action == AuditActions.SignInFailed);
        Assert.Equal(Roles.SchoolAdmin, failure.Role);
        Assert.Equal("127.0.0.1", failure.ClientIp);

        // A failed sign-in of one of the school's admins is in that school's log and not in another school's.
        Assert.Contains((await LogOf(SchoolAdmin)).Items, r => r.Action == AuditActions.SignInFailed);
        Assert.DoesNotContain((await LogOf(OtherSchoolAdmin)).Items, r => r.Action == AuditActions.SignInFailed);
        Assert.Equal(2, (await LogOf(Alliance)).Total);
    }

    [Fact]
    public async Task Verifications_are_logged_in_their_schools_log_only()
    {
        var approved = await bed.Given.Invites(await bed.OtherStudentIdAsync(0)).Accepted();
        var rejected = await bed.Given.Invites(await bed.OtherStudentIdAsync(1)).Accepted();
        var service = Get<IVerificationService>();

        Assert.Equal(1, (await service.ApproveAsync(SchoolAdmin, VerificationKind.Signing, [approved])).SucceededCount);
        Assert.Equal(1, (await service.RejectAsync(SchoolAdmin, VerificationKind.Signing, [rejected], "信息有误")).SucceededCount);

        var log = await LogOf(SchoolAdmin);
        var approval = Assert.Single(log.Items, r => r.Action == AuditActions.VerificationApproved);
        Assert.Equal("湖北工业大学管理员", approval.UserName);
        Assert.Equal("学校", approval.RoleName);
        Assert.StartsWith($"签约 #{approved} ", approval.Target, StringComparison.Ordinal);
        Assert.Contains(bed.EmployerName, approval.Target, StringComparison.Ordinal);
        Assert.Single(log.Items, r => r.Action == AuditActions.VerificationRejected);
        Assert.Empty((await LogOf(OtherSchoolAdmin)).Items);
        Assert.Equal(2, (await LogOf(Alliance, AuditActions.VerificationApproved)).Total + (await LogOf(Alliance, AuditActions.VerificationRejected)).Total);
    }

    [Fact]
    public async Task A_refused_verification_leaves_no_audit_entry()
    {
        var effective = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified(); // already verified
        var result = await Get<IVerificationService>().ApproveAsync(SchoolAdmin, VerificationKind.Signing, [effective]);
        Assert.Equal(0, result.SucceededCount);
        await using var db = bed.NewDb();
        Assert.False(await db.AuditLog.AnyAsync(e => e.SigningId == effective));
    }

    [Fact]
    public async Task Termination_steps_of_employer_and_student_are_logged()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        await Get<EmployerTerminationService>().RequestAsync(Employer, id, "岗位调整");
        await Get<StudentAgreementService>().AgreeTerminationAsync(Student, id);

        await using var db = bed.NewDb();
        var entries = await db.AuditLog.Where(e => e.SigningId == id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditActions.TerminationRequested, AuditActions.TerminationAgreed], entries.Select(e => e.Action));
        Assert.Equal([Roles.Employer, Roles.Student], entries.Select(e => e.Role));
        Assert.All(entries, e => Assert.Equal(bed.SchoolId, e.SchoolId));
    }

    [Fact]
    public async Task Agreement_download_by_the_employer_shows_in_the_students_schools_log()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId).Accepted().Verified();
        var (client, signIn) = await SignInAsync(DemoData.EmployerEmail, AgreementTestBed.Password);
        using var _ = client;
        signIn.Dispose();
        using var response = await client.GetAsync(AgreementEndpoints.PdfUrl(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var row = Assert.Single((await LogOf(SchoolAdmin, AuditActions.AgreementDownloaded)).Items);
        Assert.Equal("单位", row.RoleName);
        Assert.Equal("127.0.0.1", row.ClientIp);
        Assert.EndsWith(".pdf", row.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_school_and_alliance_admins_may_read_the_log_and_it_pages_newest_first()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => LogOf(Employer));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => LogOf(Student));

        var audit = Get<IAuditLog>();
        for (var i = 0; i < 5; i++)
        {
            bed.Clock.Advance(TimeSpan.FromMinutes(1));
            await audit.WriteAsync(AuditActor.Of(SchoolAdmin), AuditActions.AgreementsZipDownloaded, $"第{i}次", bed.SchoolId);
        }
        var page = await audit.ListAsync(Alliance, new AuditFilter(), new PageRequest(1, 2));
        Assert.Equal(5, page.Total);
        Assert.Equal(["第2次", "第1次"], page.Items.Select(r => r.Target));
    }
}
