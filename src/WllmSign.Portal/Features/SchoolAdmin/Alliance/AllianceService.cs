using System.Security.Cryptography;
using WllmSign.Domain.Schools;

namespace WllmSign.Portal.Features.SchoolAdmin.Alliance;

public sealed record AllianceSchoolRow(int Id, string Code, string Name, string City, string JobSiteName, bool IsActive, int Admins);

public sealed class SchoolForm
{
    public int? Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? City { get; set; } = "湖北省 - 武汉市";
    public string? JobSiteName { get; set; }
}

public sealed record SchoolAdminRow(string UserId, string Email, string DisplayName, int SchoolId, string SchoolName, string SchoolCode,
    bool Disabled, DateTimeOffset? LastLoginAt);

public sealed class SchoolAdminForm
{
    public int? SchoolId { get; set; }
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Password { get; set; }
}

/// <summary>
/// The alliance admin's use cases: member schools and their admins' accounts. Only <see cref="Roles.AllianceAdmin"/>
/// may call them. Identity work runs in its own DI scope per call (a Blazor circuit outlives requests).
/// </summary>
public sealed class AllianceService(IDbContextFactory<AppDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string DuplicateCodeMessage = "该学校代码已存在，请核对";

    private static void RequireAlliance(CurrentUser user)
    {
        if (user.Role != Roles.AllianceAdmin) throw new UnauthorizedAccessException();
    }

    public async Task<Page<AllianceSchoolRow>> SchoolsAsync(CurrentUser user, string? search, PageRequest page, CancellationToken ct = default)
    {
        RequireAlliance(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Schools.AsNoTracking();
        if (ListQuery.Clean(search) is { } s) query = query.Where(x => x.Name.Contains(s) || x.Code.Contains(s) || x.City.Contains(s));
        var total = await query.CountAsync(ct);
        var users = db.Users;
        var rows = await query.OrderBy(x => x.Code).Skip(page.Skip).Take(page.Take)
            .Select(x => new AllianceSchoolRow(x.Id, x.Code, x.Name, x.City, x.JobSiteName, x.IsActive, users.Count(u => u.SchoolId == x.Id)))
            .ToListAsync(ct);
        return new Page<AllianceSchoolRow>(rows, total);
    }

    /// <summary>All schools (id, label) for the admin-account form and filter.</summary>
    public async Task<IReadOnlyList<(int Id, string Label)>> SchoolChoicesAsync(CurrentUser user)
    {
        RequireAlliance(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var list = await db.Schools.AsNoTracking().OrderBy(s => s.Code).Select(s => new { s.Id, s.Code, s.Name }).ToListAsync();
        return list.Select(s => (s.Id, $"{s.Name}（{s.Code}）")).ToList();
    }

    public async Task<SchoolForm?> GetSchoolAsync(CurrentUser user, int schoolId)
    {
        RequireAlliance(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Schools.AsNoTracking().Where(s => s.Id == schoolId)
            .Select(s => new SchoolForm { Id = s.Id, Code = s.Code, Name = s.Name, City = s.City, JobSiteName = s.JobSiteName })
            .SingleOrDefaultAsync();
    }

    /// <summary>Adds (no Id) or edits a school; a code another school has is refused clearly.</summary>
    public async Task<int> SaveSchoolAsync(CurrentUser user, SchoolForm form)
    {
        RequireAlliance(user);
        ArgumentNullException.ThrowIfNull(form);
        await using var db = await dbFactory.CreateDbContextAsync();
        School school;
        if (form.Id is { } id)
        {
            school = await db.Schools.SingleOrDefaultAsync(s => s.Id == id) ?? throw new DomainException("未找到该学校");
            school.Update(form.Code ?? "", form.Name ?? "", form.City ?? "", form.JobSiteName ?? "");
        }
        else
        {
            school = new School(form.Code ?? "", form.Name ?? "", form.City ?? "", form.JobSiteName ?? "");
            db.Schools.Add(school);
        }
        if (await db.Schools.AnyAsync(s => s.Code == school.Code && s.Id != school.Id)) throw new DomainException(DuplicateCodeMessage);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DomainException(DuplicateCodeMessage);
        }
        return school.Id;
    }

    public async Task SetSchoolActiveAsync(CurrentUser user, int schoolId, bool active)
    {
        RequireAlliance(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var school = await db.Schools.SingleOrDefaultAsync(s => s.Id == schoolId) ?? throw new DomainException("未找到该学校");
        if (active) school.Activate(); else school.Deactivate();
        await db.SaveChangesAsync();
    }

    public async Task<Page<SchoolAdminRow>> AdminsAsync(CurrentUser user, int? schoolId, PageRequest page, CancellationToken ct = default)
    {
        RequireAlliance(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = from u in db.Users.AsNoTracking()
                    join s in db.Schools on u.SchoolId equals s.Id
                    where schoolId == null || u.SchoolId == schoolId
                    select new { u, s };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.s.Code).ThenBy(x => x.u.Email).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new Page<SchoolAdminRow>(rows.Select(x => new SchoolAdminRow(x.u.Id, x.u.Email ?? "", x.u.DisplayName, x.s.Id, x.s.Name, x.s.Code,
            x.u.LockoutEnd is { } end && end > now.AddYears(100), x.u.LastLoginAt)).ToList(), total);
    }

    /// <summary>Creates a confirmed SchoolAdmin account for one school with the given initial password.</summary>
    public async Task<string> CreateAdminAsync(CurrentUser user, SchoolAdminForm form)
    {
        RequireAlliance(user);
        ArgumentNullException.ThrowIfNull(form);
        var schoolId = form.SchoolId ?? throw new DomainException("请选择学校");
        var email = Text.Required(form.Email, "登录邮箱", 100);
        if (!Text.IsEmail(email)) throw new DomainException("邮箱格式不正确");
        var name = Text.Required(form.DisplayName, "显示名称", 60);
        if (string.IsNullOrEmpty(form.Password)) throw new DomainException("请输入初始密码");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            if (!await db.Schools.AnyAsync(s => s.Id == schoolId)) throw new DomainException("未找到该学校");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null) throw new DomainException("该邮箱已注册，请换一个");
        var account = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, SchoolId = schoolId };
        Check(await users.CreateAsync(account, form.Password));
        Check(await users.AddToRoleAsync(account, Roles.SchoolAdmin));
        return account.Id;
    }

    /// <summary>Sets a new generated password and returns it (shown once to the alliance admin).</summary>
    public async Task<string> ResetPasswordAsync(CurrentUser user, string userId)
    {
        RequireAlliance(user);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await FindSchoolAdminAsync(users, userId);
        var password = NewPassword();
        var token = await users.GeneratePasswordResetTokenAsync(account);
        Check(await users.ResetPasswordAsync(account, token, password));
        return password;
    }

    /// <summary>Disables (lockout until the far future; open sessions end at the next revalidation) or enables an account.</summary>
    public async Task SetAdminEnabledAsync(CurrentUser user, string userId, bool enabled)
    {
        RequireAlliance(user);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await FindSchoolAdminAsync(users, userId);
        Check(await users.SetLockoutEnabledAsync(account, true));
        Check(await users.SetLockoutEndDateAsync(account, enabled ? null : DateTimeOffset.MaxValue));
        if (enabled) Check(await users.ResetAccessFailedCountAsync(account));
        Check(await users.UpdateSecurityStampAsync(account));
    }

    private static async Task<ApplicationUser> FindSchoolAdminAsync(UserManager<ApplicationUser> users, string userId)
    {
        var account = await users.FindByIdAsync(userId);
        if (account is null || account.SchoolId is null || !await users.IsInRoleAsync(account, Roles.SchoolAdmin))
            throw new DomainException("未找到该学校管理员账号");
        return account;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainException(string.Join("；", result.Errors.Select(e => e.Description)));
    }

    /// <summary>12 characters with upper, lower and digits, without look-alikes.</summary>
    public static string NewPassword()
    {
        const string upper = "ABCDEFGHJKMNPQRSTUVWXYZ", lower = "abcdefghjkmnpqrstuvwxyz", digits = "23456789";
        var chars = (RandomNumberGenerator.GetString(upper, 4) + RandomNumberGenerator.GetString(lower, 5) + RandomNumberGenerator.GetString(digits, 3)).ToCharArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
