namespace WllmSign.Domain.Signings;

/// <summary>
/// Where one invitation stands in the lifecycle of docs/rules.md. Stored as it is; an <see cref="Invited"/>
/// signing past its deadline is reported as <see cref="Expired"/> by <see cref="Signing.EffectiveStatus"/>
/// whether or not the background job has called <see cref="Signing.Expire"/> yet.
/// </summary>
public enum SigningStatus
{
    /// <summary>待应约: the employer sent the letter, the student has not answered.</summary>
    Invited = 0,
    /// <summary>学生已拒绝 (terminal).</summary>
    Declined = 1,
    /// <summary>已过期: the feedback period ended without an answer (terminal).</summary>
    Expired = 2,
    /// <summary>单位已撤回 (terminal).</summary>
    Withdrawn = 3,
    /// <summary>待学校鉴证: the student accepted; the school has to verify.</summary>
    AwaitingVerification = 4,
    /// <summary>鉴证不通过 (terminal).</summary>
    VerificationRejected = 5,
    /// <summary>已生效: the agreement holds a number and a verification code.</summary>
    Effective = 6,
    /// <summary>待解约: one party asked to terminate; the other has to answer.</summary>
    TerminationRequested = 7,
    /// <summary>解约待鉴证: both parties agreed; the school has to verify.</summary>
    TerminationAwaitingVerification = 8,
    /// <summary>已解约: the agreement is void (terminal).</summary>
    Terminated = 9,
}

/// <summary>Which party asked to terminate an agreement.</summary>
public enum TerminationParty
{
    Employer = 0,
    Student = 1,
}
