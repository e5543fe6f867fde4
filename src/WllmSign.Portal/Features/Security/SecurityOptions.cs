namespace WllmSign.Portal.Features.Security;

/// <summary>The <c>Security</c> section of the configuration.</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// How often an open circuit re-checks its account (security stamp, lockout): a disabled account or a changed
    /// password ends the open sessions within this many minutes. Default 5.
    /// </summary>
    public double RevalidationMinutes { get; set; } = 5;

    /// <summary>
    /// School and alliance admins must sign in with an authenticator app (TOTP). On by default (production);
    /// off in Development and in the embedded demo started by scripts/run.sh. See decision 013.
    /// </summary>
    public bool RequireTwoFactorForAdmins { get; set; } = true;

    /// <summary>School and alliance admins are signed out after this long without a request (decision 019). Default 30 minutes.</summary>
    public TimeSpan AdminIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>School and alliance admins are signed out this long after signing in, active or not (decision 019). Default 12 hours.</summary>
    public TimeSpan AdminAbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
}

public static class SecurityRegistration
{
    /// <summary>Security settings and the audit log.</summary>
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration config)
    {
        services.BindOptions<SecurityOptions>(config, "Security");
        services.AddSingleton<WllmSign.Portal.Features.Audit.IAuditLog, WllmSign.Portal.Features.Audit.AuditLog>();
        services.AddSingleton<WllmSign.Portal.Features.Audit.IdNumberReveal>();
        services.AddHttpContextAccessor();
        services.AddScoped<AccountSignIns>();
        services.AddPortalSessions();
        return services;
    }
}
