using Microsoft.AspNetCore.Authentication;

namespace WllmSign.Portal.Features.Accounts;

/// <summary>
/// Identity's sign-in manager, with <c>Authentication:LocalLogin:&lt;Role&gt;=false</c> honoured: a right password of such a
/// role is answered "not allowed" (after the password check, so it reveals nothing to a guesser); the role signs in
/// through its provider instead (decision 023).
/// </summary>
public sealed class LocalLoginSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    ExternalProviders providers)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string RefusedMessage = "错误：该类账号请使用下方的联盟账号（统一身份认证）登录。";

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (result.Succeeded && !await LocalLoginAllowedAsync(user)) return SignInResult.NotAllowed;
        return result;
    }

    /// <summary>Whether the account's role may sign in with a password (for the login page's message).</summary>
    public async Task<bool> LocalLoginAllowedAsync(ApplicationUser user)
    {
        foreach (var role in await UserManager.GetRolesAsync(user))
            if (!providers.LocalLoginAllowed(role)) return false;
        return true;
    }

    /// <summary>The login page's message for a "not allowed" answer to <paramref name="userName"/>.</summary>
    public async Task<string> NotAllowedMessageAsync(string userName) =>
        await UserManager.FindByNameAsync(userName) is { } user && !await LocalLoginAllowedAsync(user)
            ? RefusedMessage
            : "错误：该账号的邮箱尚未确认，请先点击注册邮件中的确认链接。";
}
