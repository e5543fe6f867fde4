using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The demo data's well-known records, looked up once per test portal: the employer 上海萃思软件有限公司 (resident at
/// 10500 and 10491), the schools 湖北工业大学 (10500) and 中国地质大学（武汉） (10491), and the demo student's id.
/// </summary>
public sealed record DemoRecords(int EmployerId, string EmployerName, int SchoolId, int OtherSchoolId, int DemoStudentId)
{
    public Actor Employer => Actor.Employer(EmployerId, EmployerName);

    public static async Task<DemoRecords> LoadAsync(AppDbContext db)
    {
        var employer = await db.Employers.Where(e => e.CreditCode == DemoData.EmployerCreditCode).Select(e => new { e.Id, e.Name }).SingleAsync();
        var school = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
        var otherSchool = await db.Schools.Where(s => s.Code == "10491").Select(s => s.Id).SingleAsync();
        var demoStudent = await db.Users.Where(u => u.Email == DemoData.StudentEmail).Select(u => u.StudentId!.Value).SingleAsync();
        return new DemoRecords(employer.Id, employer.Name, school, otherSchool, demoStudent);
    }
}

/// <summary>Complete offers (every field the letter requires) that tests vary where the test is about them.</summary>
public static class TestOffers
{
    /// <summary>The employer keeps neither the archive nor the hukou (the shortest valid letter).</summary>
    public static OfferDraft Draft(string position = "PHP前端工程师") => new()
    {
        JobCategory = "计算机与网络",
        Position = position,
        ProbationDays = 60,
        ProbationSalary = 4000,
        RegularSalary = 5000,
        Penalty = 1000,
        ReportPlace = "湖北省 - 武汉市 洪山区",
        ReportDeadline = new DateOnly(2027, 7, 1),
        WorkPlace = "湖北省 - 武汉市 洪山区街道口",
        ContactName = "董先生",
        ContactPhone = "15821082340",
        ArchiveReceiving = "单位不接收",
        HukouReceivingType = "不接收",
    };

    /// <summary>The archive forwarded (转寄) to a talent centre and the hukou to its collective household: every field of clause 三 filled.</summary>
    public static OfferDraft ForwardedDraft(string position = "PHP前端工程师")
    {
        var draft = Draft(position);
        draft.ArchiveReceiving = SigningInfoOptions.ArchiveForwarded;
        draft.ArchiveForwardUnit = "上海市黄浦区人力资源中心";
        draft.ArchiveForwardAddress = "上海市黄河路200号";
        draft.ArchiveForwardPostcode = "200003";
        draft.ArchiveForwardContact = "周老师";
        draft.ArchiveForwardPhone = "021-63500000";
        draft.HukouReceivingType = "人才服务机构集体户";
        draft.HukouAddress = "上海市国权北路248号2幢";
        return draft;
    }

    public static Offer Create(OfferDraft draft, TimeProvider clock) => Offer.Create(draft, ChinaTime.Today(clock));
}

/// <summary>A context on the portal's database (signings are arranged with <see cref="Given"/>).</summary>
public static class PortalDb
{
    public static AppDbContext NewDb(this PortalFactory portal) =>
        portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
}
