namespace WllmSign.Domain.Audit;

/// <summary>
/// One line of the audit log: who (user id, display name, role) did what (<see cref="AuditActions"/>) to which
/// record, when, and from which client address. Written in the same unit of work as the change it records
/// (a verification, a termination step) or on its own (a sign-in, a download). Never changed once written.
/// </summary>
public sealed class AuditEntry
{
    public const int NameLength = 100;
    public const int TargetLength = 200;

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    /// <summary>The account's id; null for a failed sign-in with an unknown email.</summary>
    public string? UserId { get; private set; }
    /// <summary>The display name, or for a failed sign-in the email that was typed.</summary>
    public string UserName { get; private set; } = "";
    public string? Role { get; private set; }
    /// <summary>One of <see cref="AuditActions"/> (the Chinese words shown in the log).</summary>
    public string Action { get; private set; } = "";
    /// <summary>What it was done to, in words: "签约 #12 张三（上海萃思软件有限公司）".</summary>
    public string Target { get; private set; } = "";
    /// <summary>The school whose records it concerns: the school admins see the entries of their school.</summary>
    public int? SchoolId { get; private set; }
    public int? SigningId { get; private set; }
    public string? ClientIp { get; private set; }

    private AuditEntry() { }

    public static AuditEntry Create(DateTimeOffset at, string? userId, string? userName, string? role, string action,
        string? target, int? schoolId, int? signingId, string? clientIp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return new AuditEntry
        {
            At = at,
            UserId = userId,
            UserName = Clip(userName, NameLength),
            Role = role,
            Action = action,
            Target = Clip(target, TargetLength),
            SchoolId = schoolId,
            SigningId = signingId,
            ClientIp = clientIp is null ? null : Clip(clientIp, 64),
        };
    }

    private static string Clip(string? text, int length)
    {
        var t = (text ?? "").Trim();
        return t.Length > length ? t[..length] : t;
    }
}

/// <summary>The audited actions, in the words the log shows.</summary>
public static class AuditActions
{
    public const string SignIn = "登录成功";
    public const string SignInFailed = "登录失败";
    public const string SignInLockedOut = "登录失败（账号已锁定）";
    public const string SignInTwoFactor = "登录成功（验证器）";
    public const string SignInRecoveryCode = "登录成功（恢复码）";
    public const string TwoFactorFailed = "双重验证失败";
    public const string TwoFactorEnabled = "启用双重验证";
    public const string TwoFactorDisabled = "关闭双重验证";
    public const string AuthenticatorReset = "重置验证器";
    public const string RecoveryCodesGenerated = "重新生成恢复码";
    public const string InvitationAccepted = "同意签约";
    public const string InvitationDeclined = "拒绝签约";
    public const string InvitationWithdrawn = "撤回邀约";
    public const string VerificationApproved = "签约鉴证通过";
    public const string VerificationRejected = "签约鉴证不通过";
    public const string TerminationApproved = "解约鉴证通过";
    public const string TerminationVerificationRejected = "解约鉴证不通过";
    public const string TerminationRequested = "申请解约";
    public const string TerminationAgreed = "同意解约";
    public const string TerminationRejected = "拒绝解约";
    public const string AgreementDownloaded = "查看协议书";
    public const string AgreementsZipDownloaded = "批量下载协议书";
    public const string FullIdExported = "导出完整身份证号";
    /// <summary>An Excel export whose ID numbers are masked (still a copy of personal data leaving the portal).</summary>
    public const string MaskedExported = "导出（身份证号已遮盖）";
    /// <summary>A full ID number shown on screen to someone other than its owner (详情 显示完整, the roster's edit form).</summary>
    public const string FullIdViewed = "查看完整身份证号";
    /// <summary>An external account (alliance, campus identity system) linked to a portal account at its first sign-in.</summary>
    public const string ExternalAccountLinked = "关联外部账号";
    /// <summary>An external sign-in that found no portal account it may stand for (bad credit code, not on the roster…).</summary>
    public const string ExternalAccountRefused = "外部账号关联失败";

    public static readonly string[] All =
    [
        SignIn, SignInFailed, SignInLockedOut, SignInTwoFactor, SignInRecoveryCode, TwoFactorFailed, TwoFactorEnabled,
        TwoFactorDisabled, AuthenticatorReset, RecoveryCodesGenerated, InvitationAccepted, InvitationDeclined, InvitationWithdrawn, VerificationApproved, VerificationRejected, TerminationApproved,
        TerminationVerificationRejected, TerminationRequested, TerminationAgreed, TerminationRejected,
        AgreementDownloaded, AgreementsZipDownloaded, FullIdExported, MaskedExported, FullIdViewed,
        ExternalAccountLinked, ExternalAccountRefused,
    ];
}
