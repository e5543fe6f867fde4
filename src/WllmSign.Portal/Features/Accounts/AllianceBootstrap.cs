namespace WllmSign.Portal.Features.Accounts;

/// <summary>The <c>Bootstrap</c> settings: the first alliance administrator of a new installation (docs/deploy.md).</summary>
public sealed class BootstrapOptions
{
    public string? AllianceAdminEmail { get; set; }
    public string? AllianceAdminPassword { get; set; }
}

/// <summary>
/// A real installation has no demo accounts, so someone must be the first alliance administrator (who then creates the
/// schools and their admins). With <c>Bootstrap:AllianceAdminEmail</c> and <c>:AllianceAdminPassword</c> set, the
/// portal creates that account at start-up — only while no alliance administrator exists, so the settings can be
/// removed afterwards and never reset anyone. The password follows the portal's password rules; the admin enrols an
/// authenticator at the first sign-in (<c>Security:RequireTwoFactorForAdmins</c>).
/// </summary>
public sealed class AllianceBootstrap(UserManager<ApplicationUser> users, ILogger<AllianceBootstrap> logger)
{
    /// <summary>Creates the first alliance administrator when configured and none exists; true when it did.</summary>
    public async Task<bool> RunAsync(BootstrapOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AllianceAdminEmail) || string.IsNullOrEmpty(options.AllianceAdminPassword)) return false;
        if ((await users.GetUsersInRoleAsync(Roles.AllianceAdmin)).Count > 0) return false;

        var email = options.AllianceAdminEmail.Trim();
        if (await users.Users.AnyAsync(u => u.NormalizedEmail == users.NormalizeEmail(email)))
            throw new InvalidOperationException($"Bootstrap:AllianceAdminEmail: an account {email} exists already and is not an alliance administrator.");
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "联盟管理员" };
        var created = await users.CreateAsync(user, options.AllianceAdminPassword);
        if (!created.Succeeded)
            throw new InvalidOperationException("Bootstrap:AllianceAdminPassword is refused: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        var inRole = await users.AddToRoleAsync(user, Roles.AllianceAdmin);
        if (!inRole.Succeeded) throw new InvalidOperationException(string.Join(" ", inRole.Errors.Select(e => e.Description)));
        logger.LogWarning("Created the first alliance administrator {Email} (Bootstrap:AllianceAdminEmail). Remove Bootstrap:AllianceAdminPassword from the settings now.", email);
        return true;
    }
}
