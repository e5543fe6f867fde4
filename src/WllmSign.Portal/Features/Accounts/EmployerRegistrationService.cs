using System.ComponentModel.DataAnnotations;

namespace WllmSign.Portal.Features.Accounts;

public sealed class RegisterEmployerInput : NewAccountInput
{
    [Required(ErrorMessage = "请输入单位名称"), StringLength(60, ErrorMessage = "单位名称不能超过60个字")]
    public string UnitName { get; set; } = "";
    [Required(ErrorMessage = "请输入统一社会信用代码")]
    public string CreditCode { get; set; } = "";
    [Required(ErrorMessage = "请输入联系人"), StringLength(30, ErrorMessage = "联系人不能超过30个字")]
    public string ContactName { get; set; } = "";
    [Required(ErrorMessage = "请输入联系电话")]
    public string ContactPhone { get; set; } = "";
}

public sealed record RegistrationResult(ApplicationUser? User, IReadOnlyList<string> Errors)
{
    /// <summary>The credit code was registered before: the page answers as for a new registration (no enumeration).</summary>
    public bool AlreadyRegistered { get; init; }

    public bool Succeeded => User is not null;
}

/// <summary>单位注册: one Employer and its account, in one transaction, or nothing.</summary>
public sealed class EmployerRegistrationService(AppDbContext db, UserManager<ApplicationUser> users, TimeProvider clock,
    WllmSign.Portal.Features.Notifications.IMailer mailer)
{
    public async Task<RegistrationResult> RegisterAsync(RegisterEmployerInput input)
    {
        Employer employer;
        try
        {
            employer = new Employer(input.UnitName, input.CreditCode, input.ContactName, input.ContactPhone, input.Email, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Fail(ex.Message);
        }

        // No enumeration (decision 019): a unit already registered gets the same answer as a new registration
        // (请查收确认邮件); the unit's own contact address is told instead, so the real owner learns of it.
        var existing = await db.Employers.AsNoTracking().Where(e => e.CreditCode == employer.CreditCode)
            .Select(e => new { e.Email, e.Name }).FirstOrDefaultAsync();
        if (existing is not null)
        {
            await mailer.SendAsync(existing.Email, existing.Name, "贵单位已注册签约上报系统",
                "<p>有人尝试以贵单位的统一社会信用代码再次注册湖北高校就业网络联盟签约上报系统。贵单位已有账号，请直接登录；" +
                "如忘记密码，请在登录页找回或联系联盟管理员。如非贵单位所为，请忽略本邮件。</p>");
            return new RegistrationResult(null, []) { AlreadyRegistered = true };
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        db.Employers.Add(employer);
        await db.SaveChangesAsync();

        var user = new ApplicationUser
        {
            UserName = employer.Email,
            Email = employer.Email,
            DisplayName = employer.Name,
            EmployerId = employer.Id,
            PhoneNumber = employer.ContactPhone,
        };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded) return new RegistrationResult(null, created.Errors.Select(e => e.Description).ToList());
        var inRole = await users.AddToRoleAsync(user, Roles.Employer);
        if (!inRole.Succeeded) return new RegistrationResult(null, inRole.Errors.Select(e => e.Description).ToList());

        await tx.CommitAsync();
        return new RegistrationResult(user, []);
    }

    private static RegistrationResult Fail(string message) => new(null, [message]);
}
