using System.ComponentModel.DataAnnotations;

namespace WllmSign.Portal.Features.Accounts;

/// <summary>The sign-in part of every self-service account form (单位注册, 学生账号认领): the address and the password twice.</summary>
public abstract class NewAccountInput
{
    [Required(ErrorMessage = "请输入邮箱"), EmailAddress(ErrorMessage = "邮箱格式不正确")]
    public string Email { get; set; } = "";
    [Required(ErrorMessage = "请输入密码"), StringLength(100, MinimumLength = 10, ErrorMessage = "密码至少10位")]
    public string Password { get; set; } = "";
    [Compare(nameof(Password), ErrorMessage = "两次输入的密码不一致")]
    public string ConfirmPassword { get; set; } = "";
}
