using System.Linq.Expressions;

namespace WllmSign.Domain.Signings;

/// <summary>
/// Status rules the portal needs in queries: the active agreement of rule 6, the open invitation of
/// rule 3, and the pending counts (待办) of SPEC.md, each as an expression EF Core can translate
/// (compile it for an in-memory check).
/// </summary>
public static class SigningStatuses
{
    /// <summary>The statuses in which a signing is a student's active agreement (rule 6).</summary>
    public static IReadOnlyList<SigningStatus> ActiveAgreement { get; } =
    [
        SigningStatus.AwaitingVerification, SigningStatus.Effective,
        SigningStatus.TerminationRequested, SigningStatus.TerminationAwaitingVerification,
    ];

    /// <summary>The statuses that never change again.</summary>
    public static IReadOnlyList<SigningStatus> Terminal { get; } =
    [
        SigningStatus.Declined, SigningStatus.Expired, SigningStatus.Withdrawn,
        SigningStatus.VerificationRejected, SigningStatus.Terminated,
    ];

    /// <summary>Rule 6: AwaitingVerification, Effective, or any termination state.</summary>
    public static bool IsActiveAgreement(SigningStatus status) =>
        status is SigningStatus.AwaitingVerification or SigningStatus.Effective
            or SigningStatus.TerminationRequested or SigningStatus.TerminationAwaitingVerification;

    public static bool IsTerminal(SigningStatus status) =>
        status is SigningStatus.Declined or SigningStatus.Expired or SigningStatus.Withdrawn
            or SigningStatus.VerificationRejected or SigningStatus.Terminated;

    /// <summary>The student's active agreement, if any (facts for <see cref="Signing.Invite"/> and <see cref="Signing.Accept"/>).</summary>
    public static Expression<Func<Signing, bool>> ActiveAgreementOf(int studentId)
    {
        var statuses = ActiveAgreement.ToArray();
        // Enumerable.Contains spelled out: with C# 14 an array's .Contains binds to the span overload,
        // which a LINQ provider may not translate.
        return s => s.StudentId == studentId && Enumerable.Contains(statuses, s.Status);
    }

    /// <summary>An invitation from the employer still awaiting the student (rule 3).</summary>
    public static Expression<Func<Signing, bool>> OpenInvitation(int employerId, int studentId, DateTimeOffset now) =>
        s => s.EmployerId == employerId && s.StudentId == studentId
            && s.Status == SigningStatus.Invited && s.Deadline > now;

    /// <summary>
    /// Signings whose status as seen at <paramref name="now"/> (<see cref="Signing.EffectiveStatus(DateTimeOffset)"/>)
    /// is <paramref name="status"/>: an Invited signing past its deadline counts as Expired, not as Invited (rule 5).
    /// </summary>
    public static Expression<Func<Signing, bool>> EffectiveStatusIs(SigningStatus status, DateTimeOffset now) => status switch
    {
        SigningStatus.Invited => s => s.Status == SigningStatus.Invited && s.Deadline > now,
        SigningStatus.Expired => s => s.Status == SigningStatus.Expired || (s.Status == SigningStatus.Invited && s.Deadline <= now),
        _ => s => s.Status == status,
    };

    /// <summary>Invited signings whose deadline has passed: what the expiry job calls <see cref="Signing.Expire"/> on.</summary>
    public static Expression<Func<Signing, bool>> DueToExpire(DateTimeOffset now) =>
        s => s.Status == SigningStatus.Invited && s.Deadline <= now;
}

/// <summary>The pending counts (待办) of SPEC.md, one filter per badge.</summary>
public static class PendingCounts
{
    /// <summary>Employer 签约待办: its invitations awaiting students.</summary>
    public static Expression<Func<Signing, bool>> EmployerSigning(int employerId, DateTimeOffset now) =>
        s => s.EmployerId == employerId && s.Status == SigningStatus.Invited && s.Deadline > now;

    /// <summary>
    /// Employer 解约待办: the students' requests awaiting it and its own awaiting the student (the manual: "学生/单位向对方
    /// 发起解约申请，等待另一方进行解约操作的数量"). The count links to 数据管理 → 待解约, which lists this same filter.
    /// </summary>
    public static Expression<Func<Signing, bool>> EmployerTermination(int employerId) =>
        s => s.EmployerId == employerId && s.Status == SigningStatus.TerminationRequested;

    /// <summary>
    /// 解约办理 → 学生提出解约待办理列表, and the 解约办理 menu badge: the students' requests awaiting this employer (its own
    /// requests await the student and are not in that list, so not in that badge either).
    /// </summary>
    public static Expression<Func<Signing, bool>> EmployerStudentRequests(int employerId) =>
        s => s.EmployerId == employerId && s.Status == SigningStatus.TerminationRequested
            && s.TerminationRequestedBy == TerminationParty.Student;

    /// <summary>
    /// 解约办理 → 已签约成功学生列表 (the manual: "双方已经签约并通过了学校鉴证，且学生未向单位提出过解约申请的数据"):
    /// Effective agreements of the employer whose student never requested termination.
    /// </summary>
    public static Expression<Func<Signing, bool>> EmployerSignedSuccessfully(int employerId) =>
        s => s.EmployerId == employerId && s.Status == SigningStatus.Effective && !s.StudentTerminationUsed;

    /// <summary>Student: invitations awaiting my answer.</summary>
    public static Expression<Func<Signing, bool>> StudentInvitations(int studentId, DateTimeOffset now) =>
        s => s.StudentId == studentId && s.Status == SigningStatus.Invited && s.Deadline > now;

    /// <summary>Student: the employer's termination requests awaiting my answer.</summary>
    public static Expression<Func<Signing, bool>> StudentTerminations(int studentId) =>
        s => s.StudentId == studentId && s.Status == SigningStatus.TerminationRequested
            && s.TerminationRequestedBy == TerminationParty.Employer;

    /// <summary>School admin: signings awaiting verification (签约鉴证).</summary>
    public static Expression<Func<Signing, bool>> SchoolSigningVerifications(int schoolId) =>
        s => s.SchoolId == schoolId && s.Status == SigningStatus.AwaitingVerification;

    /// <summary>School admin: terminations awaiting verification (解约鉴证).</summary>
    public static Expression<Func<Signing, bool>> SchoolTerminationVerifications(int schoolId) =>
        s => s.SchoolId == schoolId && s.Status == SigningStatus.TerminationAwaitingVerification;
}
