namespace WllmSign.Portal.Features.Accounts;

/// <summary>Identity's error messages in Simplified Chinese.</summary>
public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), "操作失败，请稍后重试");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "该记录已被他人处理，请刷新后重试");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "当前密码不正确");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "链接无效或已过期");
    public override IdentityError LoginAlreadyAssociated() => E(nameof(LoginAlreadyAssociated), "该登录方式已绑定其他账号");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), $"用户名“{userName}”无效");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), $"邮箱“{email}”格式不正确");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"邮箱“{userName}”已被注册");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), $"邮箱“{email}”已被注册");
    public override IdentityError InvalidRoleName(string? role) => E(nameof(InvalidRoleName), $"角色“{role}”无效");
    public override IdentityError DuplicateRoleName(string role) => E(nameof(DuplicateRoleName), $"角色“{role}”已存在");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "该账号已设置密码");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "该账号未启用锁定");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), "账号已属于该角色");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), "账号不属于该角色");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"密码至少{length}位");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"密码至少包含{uniqueChars}个不同的字符");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "密码须包含至少一个符号（如 @ # !）");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "密码须包含至少一个数字");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "密码须包含至少一个小写字母");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "密码须包含至少一个大写字母");

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
