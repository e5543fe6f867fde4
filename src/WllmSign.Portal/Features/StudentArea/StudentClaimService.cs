using System.ComponentModel.DataAnnotations;
using WllmSign.Portal.Features.Demo;

namespace WllmSign.Portal.Features.StudentArea;

/// <summary>What the student types on 学生账号认领.</summary>
public sealed class ClaimInput : NewAccountInput
{
    [Required(ErrorMessage = "请选择学校")]
    public int? SchoolId { get; set; }
    [Required(ErrorMessage = "请选择毕业年度")]
    public int? GraduationYear { get; set; }
    [Required(ErrorMessage = "请输入姓名"), StringLength(30, ErrorMessage = "姓名不能超过30个字")]
    public string Name { get; set; } = "";
    [Required(ErrorMessage = "请输入身份证号")]
    public string IdNumber { get; set; } = "";
}

public sealed record ClaimResult(ApplicationUser? User, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;
    public static ClaimResult Fail(string message) => new(null, [message]);
}

/// <summary>
/// 学生账号认领: a graduate on a school's roster gets an account when all four keys match the roster
/// exactly (rule 2). A failure never says which key was wrong; attempts are throttled per client address.
/// The account is created unconfirmed; the page sends the confirmation link.
/// </summary>
public sealed class StudentClaimService(AppDbContext db, UserManager<ApplicationUser> users, CircuitRateLimits limits, TimeProvider clock,
    WllmSign.Portal.Features.Notifications.IMailer mailer)
{
    /// <summary>The one answer for keys that match nobody and for a graduate whose account is claimed already (no enumeration).</summary>
    public const string NoMatchMessage = "未能认领：请确认学校、毕业年度、姓名和身份证号全部正确；如已认领过账号，请直接登录（忘记密码请联系学校）";

    public async Task<IReadOnlyList<SchoolOption>> SchoolsAsync() =>
        await db.Schools.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
            .Select(s => new SchoolOption(s.Id, s.Code, s.Name)).ToListAsync();

    /// <summary>The graduation years offered: the class signing now, two before it and the next one.</summary>
    public IReadOnlyList<int> GraduationYears()
    {
        var current = WllmSign.Domain.Students.GraduationYear.Current(clock);
        return [current + 1, current, current - 1, current - 2];
    }

    public async Task<ClaimResult> ClaimAsync(ClaimInput input, string? clientIp)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!limits.TryAcquire(CircuitAction.Claim, clientIp, out var refusal)) return ClaimResult.Fail(refusal);

        // A malformed number cannot be on any roster: saying so reveals nothing about the roster.
        if (!Domain.Common.IdNumber.TryParse(input.IdNumber, out var id, out var idError)) return ClaimResult.Fail(idError);
        var name = (input.Name ?? "").Trim();
        var student = await db.Students.SingleOrDefaultAsync(s =>
            s.SchoolId == input.SchoolId && s.GraduationYear == input.GraduationYear
            && s.IdNumber == id.Value && s.Name == name);
        if (student is null) return ClaimResult.Fail(NoMatchMessage);
        var owner = await db.Users.AsNoTracking().Where(u => u.StudentId == student.Id).Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync();
        if (owner is not null)
        {
            // No enumeration (decision 019): the same answer as keys that match nobody; the account's owner is told.
            if (owner.Email is { Length: > 0 } to)
                await mailer.SendAsync(to, owner.DisplayName, "有人尝试认领您的签约系统账号",
                    "<p>有人以您的学校、毕业年度、姓名和身份证号尝试认领签约上报系统账号。您的账号已认领，未作任何更改。" +
                    "如非本人操作，请留意个人信息安全，并可联系学校。</p>");
            return ClaimResult.Fail(NoMatchMessage);
        }

        var email = (input.Email ?? "").Trim();
        if (!Text.IsEmail(email)) return ClaimResult.Fail("邮箱格式不正确");

        await using var tx = await db.Database.BeginTransactionAsync();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = student.Name,
            StudentId = student.Id,
        };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, input.Password);
        }
        catch (DbUpdateException)
        {
            // Another claim of the same record won the race (unique index on StudentId).
            return ClaimResult.Fail(NoMatchMessage);
        }
        if (!created.Succeeded) return new ClaimResult(null, created.Errors.Select(e => e.Description).ToList());
        var inRole = await users.AddToRoleAsync(user, Roles.Student);
        if (!inRole.Succeeded) return new ClaimResult(null, inRole.Errors.Select(e => e.Description).ToList());

        // The claim address becomes the 乙方 邮箱 unless the student already has one.
        if (student.Email is null)
        {
            student.SetContact(student.PoliticalStatus, student.Phone, email, student.Address);
            await db.SaveChangesAsync();
        }
        await tx.CommitAsync();
        return new ClaimResult(user, []);
    }
}
