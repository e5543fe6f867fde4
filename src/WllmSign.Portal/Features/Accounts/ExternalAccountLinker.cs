using System.Security.Claims;

namespace WllmSign.Portal.Features.Accounts;

/// <summary>Why an external sign-in found no portal account: a code in the login page's address, a Chinese message on it.</summary>
public static class ExternalLoginRefusals
{
    public const string Failed = "failed";
    public const string NoCreditCode = "no-credit-code";
    public const string InvalidCreditCode = "invalid-credit-code";
    public const string IncompleteProfile = "incomplete-profile";
    public const string EmailTaken = "email-taken";
    public const string NotOnRoster = "not-on-roster";
    public const string NotAllowed = "not-allowed";

    public static string? Message(string? code) => code switch
    {
        null or "" => null,
        NoCreditCode => "联盟账号未提供统一社会信用代码，无法关联单位。请在湖北高校就业网络联盟网站完善单位信息后重试。",
        InvalidCreditCode => "联盟账号提供的统一社会信用代码无效（校验位不符），无法关联单位。请联系联盟核实单位的统一社会信用代码。",
        IncompleteProfile => "联盟账号的单位信息不完整（单位名称、联系人、联系电话或邮箱），无法创建单位账号。请在联盟网站完善后重试。",
        EmailTaken => "该账号的邮箱已被签约上报系统中的其他账号使用，无法自动关联。请联系联盟管理员处理。",
        NotOnRoster => "学校毕业生名册中没有与该账号一致的记录，无法登录。请联系学校就业部门核对学号或身份证号。",
        NotAllowed => "该账号暂不能登录（邮箱未确认或已停用），请联系管理员。",
        _ => "外部账号登录失败，请重试；如仍失败请使用本系统账号登录。",
    };
}

public sealed record ExternalLinkResult(ApplicationUser? User, string? Refusal)
{
    public static ExternalLinkResult Refuse(string code) => new(null, code);
}

/// <summary>
/// The first sign-in through an external provider (decision 023): finds or creates the portal account the external
/// account stands for and links the two (AspNetUserLogins), so later sign-ins go straight to it.
/// Alliance: the employer by its 统一社会信用代码 (GB 32100 check digit verified), created when new.
/// School: an existing admin of that school by email (never created; no claim makes anyone an admin), else a
/// student on that school's roster by 学号 or 身份证号. Every link is audited.
/// </summary>
public sealed class ExternalAccountLinker(AppDbContext db, UserManager<ApplicationUser> users, IAuditLog audit, TimeProvider clock)
{
    public async Task<ExternalLinkResult> LinkAsync(ExternalProvider provider, ExternalLoginInfo info)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(info);
        return provider.IsAlliance ? await LinkEmployerAsync(provider, info) : await LinkSchoolAccountAsync(provider, info);
    }

    private async Task<ExternalLinkResult> LinkEmployerAsync(ExternalProvider provider, ExternalLoginInfo info)
    {
        var p = info.Principal;
        var text = Claim(p, provider.Options.CreditCodeClaim);
        if (string.IsNullOrWhiteSpace(text)) return await RefuseAsync(provider, info, ExternalLoginRefusals.NoCreditCode, "未提供统一社会信用代码");
        if (!CreditCode.TryParse(text, out var code, out _))
            return await RefuseAsync(provider, info, ExternalLoginRefusals.InvalidCreditCode, "统一社会信用代码无效 " + text.Trim());

        await using var tx = await db.Database.BeginTransactionAsync();
        var employer = await db.Employers.SingleOrDefaultAsync(e => e.CreditCode == code.Value);
        var created = false;
        if (employer is null)
        {
            try
            {
                employer = new Employer(Claim(p, "name") ?? "", code.Value, Claim(p, provider.Options.ContactNameClaim) ?? "",
                    Claim(p, "phone_number") ?? "", Claim(p, "email") ?? "", clock.GetUtcNow());
            }
            catch (DomainException ex)
            {
                return await RefuseAsync(provider, info, ExternalLoginRefusals.IncompleteProfile, ex.Message, tx);
            }
            db.Employers.Add(employer);
            await db.SaveChangesAsync();
            created = true;
        }

        var user = await db.Users.Where(u => u.EmployerId == employer.Id).OrderBy(u => u.Id).FirstOrDefaultAsync();
        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = employer.Email,
                Email = employer.Email,
                // The alliance vouches for the address it signed in with.
                EmailConfirmed = true,
                DisplayName = employer.Name,
                EmployerId = employer.Id,
                PhoneNumber = employer.ContactPhone,
            };
            var made = await CreateAsync(user, Roles.Employer);
            if (made is not null) return await RefuseAsync(provider, info, made, "创建单位账号失败", tx);
        }
        var linked = await users.AddLoginAsync(user, info);
        if (!linked.Succeeded) return await RefuseAsync(provider, info, ExternalLoginRefusals.Failed, "关联失败", tx);
        await tx.CommitAsync();
        await AuditAsync(user, Roles.Employer, null, provider,
            (created ? "新建单位 " : "关联单位 ") + employer.Name + "（" + employer.CreditCode + "）");
        return new ExternalLinkResult(user, null);
    }

    private async Task<ExternalLinkResult> LinkSchoolAccountAsync(ExternalProvider provider, ExternalLoginInfo info)
    {
        var p = info.Principal;
        var school = await db.Schools.AsNoTracking().SingleOrDefaultAsync(s => s.Code == provider.SchoolCode);
        if (school is null) return await RefuseAsync(provider, info, ExternalLoginRefusals.Failed, "未知学校代码 " + provider.SchoolCode);
        var email = Claim(p, "email")?.Trim();

        // A school admin only through the account the alliance created for this school (matched by email).
        if (!string.IsNullOrEmpty(email) && await users.FindByEmailAsync(email) is { } existing
            && existing.SchoolId == school.Id && await users.IsInRoleAsync(existing, Roles.SchoolAdmin))
        {
            var adminLinked = await users.AddLoginAsync(existing, info);
            if (!adminLinked.Succeeded) return await RefuseAsync(provider, info, ExternalLoginRefusals.Failed, "关联失败");
            await AuditAsync(existing, Roles.SchoolAdmin, school.Id, provider, "关联学校管理员账号 " + email);
            return new ExternalLinkResult(existing, null);
        }

        // Otherwise a student of this school's roster: by 学号, or by 身份证号; the name must match when given.
        var number = Claim(p, provider.Options.StudentNumberClaim)?.Trim();
        var idText = Claim(p, provider.Options.IdNumberClaim);
        var id = IdNumber.TryParse(idText, out var parsed, out _) ? parsed.Value : null;
        if (string.IsNullOrEmpty(number) && id is null) return await RefuseAsync(provider, info, ExternalLoginRefusals.NotOnRoster, "未提供学号或身份证号");
        var candidates = db.Students.Where(s => s.SchoolId == school.Id);
        candidates = !string.IsNullOrEmpty(number) ? candidates.Where(s => s.StudentNumber == number) : candidates.Where(s => s.IdNumber == id);
        var student = await candidates.OrderByDescending(s => s.GraduationYear).FirstOrDefaultAsync();
        var name = Claim(p, "name")?.Trim();
        if (student is null || (!string.IsNullOrEmpty(name) && name != student.Name))
            return await RefuseAsync(provider, info, ExternalLoginRefusals.NotOnRoster, "名册中无此学生 " + (number ?? "身份证号"));

        await using var tx = await db.Database.BeginTransactionAsync();
        var user = await db.Users.SingleOrDefaultAsync(u => u.StudentId == student.Id);
        if (user is null)
        {
            var address = !string.IsNullOrEmpty(email) ? email : student.Email;
            if (string.IsNullOrEmpty(address) || !Text.IsEmail(address)) return await RefuseAsync(provider, info, ExternalLoginRefusals.IncompleteProfile, "无邮箱", tx);
            user = new ApplicationUser { UserName = address, Email = address, EmailConfirmed = true, DisplayName = student.Name, StudentId = student.Id };
            var made = await CreateAsync(user, Roles.Student);
            if (made is not null) return await RefuseAsync(provider, info, made, "创建学生账号失败", tx);
        }
        var linked = await users.AddLoginAsync(user, info);
        if (!linked.Succeeded) return await RefuseAsync(provider, info, ExternalLoginRefusals.Failed, "关联失败", tx);
        await tx.CommitAsync();
        await AuditAsync(user, Roles.Student, school.Id, provider, "关联学生 " + student.Name + "（学号 " + student.StudentNumber + "）");
        return new ExternalLinkResult(user, null);
    }

    /// <summary>Creates a password-less account in <paramref name="role"/>; null on success, else the refusal code.</summary>
    private async Task<string?> CreateAsync(ApplicationUser user, string role)
    {
        if (await users.FindByEmailAsync(user.Email!) is not null) return ExternalLoginRefusals.EmailTaken;
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return ExternalLoginRefusals.IncompleteProfile;
        var inRole = await users.AddToRoleAsync(user, role);
        return inRole.Succeeded ? null : ExternalLoginRefusals.Failed;
    }

    private Task AuditAsync(ApplicationUser user, string role, int? schoolId, ExternalProvider provider, string target) =>
        audit.WriteAsync(new AuditActor(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName, role, schoolId),
            AuditActions.ExternalAccountLinked, provider.DisplayName + "：" + target, schoolId);

    /// <summary>Records the refusal; a transaction in flight is rolled back first (nothing of the attempt stays).</summary>
    private async Task<ExternalLinkResult> RefuseAsync(ExternalProvider provider, ExternalLoginInfo info, string code, string detail,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx = null)
    {
        if (tx is not null)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
        }
        var who = Claim(info.Principal, "email") ?? info.ProviderKey;
        await audit.WriteAsync(new AuditActor(null, who, null, null), AuditActions.ExternalAccountRefused,
            provider.DisplayName + "：" + detail, null);
        return ExternalLinkResult.Refuse(code);
    }

    private static string? Claim(ClaimsPrincipal principal, string type) => principal.FindFirst(type)?.Value;
}
