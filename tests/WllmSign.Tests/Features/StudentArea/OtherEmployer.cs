using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Tests.Features.StudentArea;

/// <summary>A second employer, resident at 10500 with confirmed signing information, for rule-6 scenarios.</summary>
public static class OtherEmployer
{
    public const string Name = "武汉光谷测试科技有限公司";
    public const string Email = "hr@guanggu.test";

    private static string NewCreditCode()
    {
        const string first17 = "91420100MA4K00001";
        return first17 + CreditCode.ComputeCheck(first17);
    }

    /// <summary>Creates the employer (once) and its approved residency at 10500; returns its id.</summary>
    public static async Task<int> EnsureAsync(AppDbContext db, DateTimeOffset now)
    {
        var code = NewCreditCode();
        var existing = await db.Employers.Where(e => e.CreditCode == code).Select(e => (int?)e.Id).SingleOrDefaultAsync();
        if (existing is { } id) return id;
        var employer = new Employer(Name, code, "王女士", "027-87650000", Email, now);
        employer.ConfirmSigningInfo(SigningInfo.Create("其他企业", "湖北省 - 武汉市", SigningInfoOptions.ArchiveForwarded,
            "武汉市人才服务中心", "武汉市江岸区沿江大道100号", "430014", "李老师", "027-82800000", "不接收", null), now);
        db.Employers.Add(employer);
        await db.SaveChangesAsync();
        var schoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
        var residency = new Residency(employer.Id, schoolId, now);
        residency.Approve(DemoData.SchoolAdminEmail("10500"), now);
        db.Residencies.Add(residency);
        await db.SaveChangesAsync();
        return employer.Id;
    }

    /// <summary>This employer invites <paramref name="studentId"/> (a 10500 student); returns the signing id.</summary>
    public static async Task<int> InviteAsync(AppDbContext db, int studentId, Offer offer, DateTimeOffset now)
    {
        var employerId = await EnsureAsync(db, now);
        var student = await db.Students.Where(s => s.Id == studentId).Select(s => new { s.SchoolId, s.GraduationYear }).SingleAsync();
        var facts = (await SigningStore.InvitationFactsAsync(db, employerId, [studentId], now))[studentId];
        var signing = Signing.Invite(Actor.Employer(employerId, Name), studentId, student.SchoolId, student.GraduationYear, offer, facts, now);
        db.Signings.Add(signing);
        await db.SaveOrConflictAsync();
        return signing.Id;
    }
}
