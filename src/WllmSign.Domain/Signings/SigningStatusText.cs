namespace WllmSign.Domain.Signings;

/// <summary>
/// The one place that turns a signing's state into the words the lists show (docs/rules.md "Status words
/// shown in lists"). Always pass the effective status (<see cref="Signing.EffectiveStatus(DateTimeOffset)"/>),
/// so that an Invited signing past its deadline reads 已过期.
/// </summary>
public static class SigningStatusText
{
    /// <summary>The name of a state in the lifecycle diagram, for messages and the detail page.</summary>
    public static string StatusName(SigningStatus status) => status switch
    {
        SigningStatus.Invited => "待应约",
        SigningStatus.Declined => "学生已拒绝",
        SigningStatus.Expired => "已过期",
        SigningStatus.Withdrawn => "单位已撤回",
        SigningStatus.AwaitingVerification => "待学校鉴证",
        SigningStatus.VerificationRejected => "鉴证不通过",
        SigningStatus.Effective => "已生效",
        SigningStatus.TerminationRequested => "待解约",
        SigningStatus.TerminationAwaitingVerification => "解约待鉴证",
        SigningStatus.Terminated => "已解约",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>应约状态: 待应约 · 双方已签约 · 学生已拒绝 · 已过期 · 单位已撤回.</summary>
    public static string ResponseText(SigningStatus effectiveStatus) => effectiveStatus switch
    {
        SigningStatus.Invited => "待应约",
        SigningStatus.Declined => "学生已拒绝",
        SigningStatus.Expired => "已过期",
        SigningStatus.Withdrawn => "单位已撤回",
        SigningStatus.AwaitingVerification or SigningStatus.VerificationRejected or SigningStatus.Effective
            or SigningStatus.TerminationRequested or SigningStatus.TerminationAwaitingVerification
            or SigningStatus.Terminated => "双方已签约",
        _ => throw new ArgumentOutOfRangeException(nameof(effectiveStatus), effectiveStatus, null),
    };

    /// <summary>
    /// 鉴证状态: 待鉴证 · 签约鉴证通过 · 签约鉴证不通过 · 解约待鉴证 · 解约鉴证通过 · 解约鉴证不通过; empty before the
    /// student accepted. A termination request waiting for the counterparty leaves the agreement
    /// verified (签约鉴证通过); an Effective agreement whose termination the school rejected reads 解约鉴证不通过.
    /// </summary>
    public static string VerificationText(SigningStatus effectiveStatus, bool terminationVerificationRejected) => effectiveStatus switch
    {
        SigningStatus.Invited or SigningStatus.Declined or SigningStatus.Expired or SigningStatus.Withdrawn => "",
        SigningStatus.AwaitingVerification => "待鉴证",
        SigningStatus.VerificationRejected => "签约鉴证不通过",
        SigningStatus.Effective => terminationVerificationRejected ? "解约鉴证不通过" : "签约鉴证通过",
        SigningStatus.TerminationRequested => "签约鉴证通过",
        SigningStatus.TerminationAwaitingVerification => "解约待鉴证",
        SigningStatus.Terminated => "解约鉴证通过",
        _ => throw new ArgumentOutOfRangeException(nameof(effectiveStatus), effectiveStatus, null),
    };

    /// <summary>应约状态 of <paramref name="signing"/> at <paramref name="now"/>.</summary>
    public static string ResponseText(Signing signing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signing);
        return ResponseText(signing.EffectiveStatus(now));
    }

    /// <summary>鉴证状态 of <paramref name="signing"/> at <paramref name="now"/>.</summary>
    public static string VerificationText(Signing signing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signing);
        return VerificationText(signing.EffectiveStatus(now), signing.TerminationVerificationRejected);
    }

    /// <summary>协议书状态 on the detail page and the agreement: 已生效 / 已失效; empty when there is no agreement.</summary>
    public static string AgreementText(SigningStatus status) => status switch
    {
        SigningStatus.Effective or SigningStatus.TerminationRequested or SigningStatus.TerminationAwaitingVerification => "已生效",
        SigningStatus.Terminated => "已失效",
        _ => "",
    };

    /// <summary>The label of a 数据管理 tab.</summary>
    public static string TabLabel(DataTab tab) => tab switch
    {
        DataTab.All => "全部",
        DataTab.AwaitingResponse => "待应约",
        DataTab.Responded => "已应约",
        DataTab.TerminationPending => "待解约",
        DataTab.Terminated => "已解约",
        _ => throw new ArgumentOutOfRangeException(nameof(tab), tab, null),
    };
}
