using System.Linq.Expressions;
using WllmSign.Domain.Common;

namespace WllmSign.Domain.Signings;

/// <summary>
/// Status rules the portal needs in queries: the active agreement of rule 6, the open invitation of
/// rule 3, and the pending counts (待办) of docs/rules.md, each as an expression EF Core can translate
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

    /// <summary>
    /// The statuses of an agreement in force: approved by the school and not (yet) terminated, whether or not a
    /// termination is under way. A student in one of these counts as signed (已签约) in rosters, statistics and the
    /// 就业方案 export.
    /// </summary>
    public static IReadOnlyList<SigningStatus> InForce { get; } =
    [
        SigningStatus.Effective, SigningStatus.TerminationRequested, SigningStatus.TerminationAwaitingVerification,
    ];

    public static bool IsInForce(SigningStatus status) =>
        status is SigningStatus.Effective or SigningStatus.TerminationRequested or SigningStatus.TerminationAwaitingVerification;

    /// <summary>
    /// The statuses of a signing the student agreed to (同意签约), whatever became of it afterwards: the student's
    /// 我的协议 shows the latest of these when no agreement is active.
    /// </summary>
    public static IReadOnlyList<SigningStatus> Agreed { get; } =
    [
        SigningStatus.AwaitingVerification, SigningStatus.Effective, SigningStatus.TerminationRequested,
        SigningStatus.TerminationAwaitingVerification, SigningStatus.Terminated, SigningStatus.VerificationRejected,
    ];

    public static bool IsAgreed(SigningStatus status) => Agreed.Contains(status);

    /// <summary>The agreement was terminated and is void (the PDF and the check page say "已失效").</summary>
    public static bool IsVoid(SigningStatus status) => status == SigningStatus.Terminated;

    /// <summary>The statuses of <see cref="IsVoid"/>, for a query.</summary>
    public static IReadOnlyList<SigningStatus> Void { get; } = [SigningStatus.Terminated];

    /// <summary>
    /// Rules 3 and 5: an invitation still awaiting the student: Invited and before its deadline (24:00 China time of
    /// the last day). The in-memory twin of <see cref="Open"/>.
    /// </summary>
    public static bool IsOpenInvitation(SigningStatus status, DateTimeOffset deadline, DateTimeOffset now) =>
        status == SigningStatus.Invited && now < deadline;

    /// <summary>The open invitations at <paramref name="now"/> (<see cref="IsOpenInvitation"/>), for a query.</summary>
    public static Expression<Func<Signing, bool>> Open(DateTimeOffset now) =>
        s => s.Status == SigningStatus.Invited && s.Deadline > now;

    /// <summary>Open invitations whose deadline comes by <paramref name="until"/> (what the reminder job looks for).</summary>
    public static Expression<Func<Signing, bool>> OpenAndDueBy(DateTimeOffset now, DateTimeOffset until) =>
        Open(now).And(s => s.Deadline <= until);

    /// <summary>
    /// Signings whose last day to respond (<see cref="Signing.LastDayToRespondOf"/>) is between <paramref name="from"/>
    /// and <paramref name="to"/> (inclusive), as a deadline range a database can compare.
    /// </summary>
    public static Expression<Func<Signing, bool>> LastDayToRespondBetween(DateOnly from, DateOnly to)
    {
        // LastDayToRespond = China date of the deadline − 1, so the deadline's China date is in [from+1, to+1].
        var start = ChinaTime.StartOfDay(from.AddDays(1));
        var end = ChinaTime.StartOfDay(to.AddDays(2));
        return s => s.Deadline >= start && s.Deadline < end;
    }

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
        Open(now).And(s => s.EmployerId == employerId && s.StudentId == studentId);

    /// <summary>
    /// Signings whose status as seen at <paramref name="now"/> (<see cref="Signing.EffectiveStatus(DateTimeOffset)"/>)
    /// is <paramref name="status"/>: an Invited signing past its deadline counts as Expired, not as Invited (rule 5).
    /// </summary>
    public static Expression<Func<Signing, bool>> EffectiveStatusIs(SigningStatus status, DateTimeOffset now) => status switch
    {
        SigningStatus.Invited => Open(now),
        SigningStatus.Expired => ((Expression<Func<Signing, bool>>)(s => s.Status == SigningStatus.Expired)).Or(DueToExpire(now)),
        _ => s => s.Status == status,
    };

    /// <summary>Invited signings whose deadline has passed: what the expiry job calls <see cref="Signing.Expire"/> on.</summary>
    public static Expression<Func<Signing, bool>> DueToExpire(DateTimeOffset now) =>
        s => s.Status == SigningStatus.Invited && s.Deadline <= now;
}

/// <summary>The pending counts (待办) of docs/rules.md, one filter per badge.</summary>
public static class PendingCounts
{
    /// <summary>Employer 签约待办: its invitations awaiting students.</summary>
    public static Expression<Func<Signing, bool>> EmployerSigning(int employerId, DateTimeOffset now) =>
        SigningStatuses.Open(now).And(s => s.EmployerId == employerId);

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
        SigningStatuses.Open(now).And(s => s.StudentId == studentId);

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
