using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Signings;
using WllmSign.Domain.Students;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.DataCenter.Terminations;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Portal.Features.Signings;
using WllmSign.Portal.Features.StudentArea;
using WllmSign.Tests.Features.Agreements;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Security;

/// <summary>ASVS V5: markup is shown as text, length limits hold at the server, rare characters survive.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string Script = "<script>alert('xss')</script>";
    private const string Image = "<img src=x onerror=alert(1)>";
    private AgreementTestBed bed = null!;

    public async Task InitializeAsync() => bed = await AgreementTestBed.StartAsync();
    public async Task DisposeAsync() => await bed.DisposeAsync();

    private T Get<T>() where T : notnull => bed.Portal.Services.GetRequiredService<T>();
    private CurrentUser Employer => new("employer", bed.EmployerName, Roles.Employer, bed.EmployerId, null, null);
    private CurrentUser StudentUser(int id) => new("student", "学生", Roles.Student, null, id, null);
    private CurrentUser SchoolAdmin => new("school", "管理员", Roles.SchoolAdmin, null, null, bed.SchoolId);

    /// <summary>The short letter (archive and hukou not received) with <paramref name="position"/>, the field these tests attack.</summary>
    private Offer OfferFor(string position)
    {
        var draft = TestOffers.Draft(position);
        draft.WorkPlace = "湖北省 - 武汉市 洪山区";
        return TestOffers.Create(draft, bed.Clock);
    }

    private async Task<string> PageAsync(string email, string address)
    {
        using var client = await bed.ClientAsync(email);
        using var response = await client.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The typed text is on the page as text (encoded), and no live tag of it is.</summary>
    private static void AssertShownAsText(string html, string typed)
    {
        Assert.DoesNotContain(typed, html, StringComparison.Ordinal);
        Assert.Contains(typed, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Script_in_the_position_and_the_termination_reason_is_shown_as_text_on_the_detail_page()
    {
        var id = await bed.Given.Invites(bed.DemoStudentId, OfferFor(Script)).Accepted().Verified();
        await Get<EmployerTerminationService>().RequestAsync(Employer, id, Image + " 岗位调整");

        var html = await PageAsync(DemoData.EmployerEmail, $"/employer/data/{id}");
        AssertShownAsText(html, Script);
        AssertShownAsText(html, Image);
        var school = await PageAsync(DemoData.SchoolAdminEmail("10500"), $"/school/data/{id}");
        AssertShownAsText(school, Script);
    }

    [Fact]
    public async Task Markup_in_a_students_address_is_kept_as_typed_and_shown_as_text()
    {
        const string address = "武汉市<b onmouseover=alert(1)>洪山区</b>\"'";
        await Get<StudentProfileService>().SaveAsync(StudentUser(bed.DemoStudentId), new ProfileInput { Address = address });
        await using (var db = bed.NewDb())
            Assert.Equal(address, await db.Students.Where(s => s.Id == bed.DemoStudentId).Select(s => s.Address).SingleAsync());

        var html = await PageAsync(DemoData.StudentEmail, "/student/profile");
        Assert.DoesNotContain("<b onmouseover", html, StringComparison.Ordinal);
        Assert.Contains(address, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hundred_character_limits_hold_at_the_server_counting_characters_not_code_units()
    {
        var tooLong = new string('很', 201);
        var rare200 = string.Concat(Enumerable.Repeat("𠮷", 200)); // 400 UTF-16 units, 200 characters
        var employerSide = await bed.Given.Invites(bed.DemoStudentId, OfferFor("工程师")).Accepted().Verified();
        var studentSide = await bed.Given.Invites(await bed.OtherStudentIdAsync(0), OfferFor("工程师")).Accepted().Verified();
        var awaiting = await bed.Given.Invites(await bed.OtherStudentIdAsync(1), OfferFor("工程师")).Accepted();
        var studentOfSecond = await bed.OtherStudentIdAsync(0);

        var e1 = await Assert.ThrowsAsync<DomainException>(() => Get<EmployerTerminationService>().RequestAsync(Employer, employerSide, tooLong));
        Assert.Equal("解除原因不能超过200个字", e1.Message);
        var e2 = await Assert.ThrowsAsync<DomainException>(() => Get<StudentAgreementService>().RequestTerminationAsync(StudentUser(studentOfSecond), studentSide, tooLong));
        Assert.Equal("解除原因不能超过200个字", e2.Message);
        var e3 = await Assert.ThrowsAsync<DomainException>(() => Get<IVerificationService>().RejectAsync(SchoolAdmin, VerificationKind.Signing, [awaiting], tooLong));
        Assert.Equal("不通过原因不能超过200个字", e3.Message);

        await using (var db = bed.NewDb())
        {
            Assert.Equal(SigningStatus.Effective, await db.Signings.Where(s => s.Id == employerSide).Select(s => s.Status).SingleAsync());
            Assert.Equal(SigningStatus.Effective, await db.Signings.Where(s => s.Id == studentSide).Select(s => s.Status).SingleAsync());
            Assert.Equal(SigningStatus.AwaitingVerification, await db.Signings.Where(s => s.Id == awaiting).Select(s => s.Status).SingleAsync());
        }

        // Exactly 200 characters, even of characters outside the BMP, is accepted and kept whole.
        await Get<EmployerTerminationService>().RequestAsync(Employer, employerSide, rare200);
        await using (var db = bed.NewDb())
            Assert.Equal(rare200, await db.Signings.Where(s => s.Id == employerSide).Select(s => s.TerminationReason).SingleAsync());
    }

    [Fact]
    public async Task Names_with_rare_characters_round_trip_through_the_database_and_the_detail_page()
    {
        const string name = "𠮷〇·阿依古丽";
        int studentId;
        await using (var db = bed.NewDb())
        {
            var demo = await db.Students.SingleAsync(s => s.Id == bed.DemoStudentId);
            var first17 = "42010120050101" + "123";
            var student = new Student(demo.SchoolId, demo.GraduationYear, name, first17 + IdNumber.ComputeCheck(first17), "RARE0001", demo.Faculty, demo.Major, demo.Degree);
            db.Students.Add(student);
            await db.SaveChangesAsync();
            studentId = student.Id;
        }
        await using (var db = bed.NewDb())
            Assert.Equal(name, await db.Students.Where(s => s.Id == studentId).Select(s => s.Name).SingleAsync());

        var id = await bed.Given.Invites(studentId, OfferFor("工程师")).Accepted().Verified();
        var html = WebUtility.HtmlDecode(await PageAsync(DemoData.EmployerEmail, $"/employer/data/{id}"));
        Assert.Contains(name, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Circuit_messages_larger_than_32_KB_are_refused()
    {
        var hub = typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub));
        var options = (IOptions<HubOptions>)bed.Portal.Services.GetRequiredService(optionsType);
        Assert.Equal(32 * 1024, options.Value.MaximumReceiveMessageSize);
    }
}
