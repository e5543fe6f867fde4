using System.Globalization;
using WllmSign.Domain.Common;

namespace WllmSign.Domain.Signings;

/// <summary>
/// The facts about the database that decide whether an employer may invite a student (rules 1, 3/4, 6
/// and 13). The caller reads them for one (employer, student) pair; the batch preview shows
/// <see cref="Signing.WhyCannotInvite"/> next to each student before anything is sent.
/// </summary>
public sealed record InvitationFacts
{
    /// <summary>The employer confirmed its 签约信息 (rule 13).</summary>
    public required bool SigningInfoConfirmed { get; init; }

    /// <summary>The employer's residency (入驻) at the student's school is approved (rule 1).</summary>
    public required bool ResidencyApproved { get; init; }

    /// <summary>The student is on the roster of the school and graduation year the invitation names.</summary>
    public required bool StudentBelongsToSchool { get; init; }

    /// <summary>The student holds an active agreement with anyone (rule 6, <see cref="SigningStatuses.IsActiveAgreement"/>).</summary>
    public required bool StudentHasActiveAgreement { get; init; }

    /// <summary>This employer already has an open (Invited, before its deadline) invitation to the student (rule 3).</summary>
    public required bool HasOpenInvitationFromThisEmployer { get; init; }

    /// <summary>All facts in favour: an invitation may be sent.</summary>
    public static InvitationFacts Eligible { get; } = new()
    {
        SigningInfoConfirmed = true,
        ResidencyApproved = true,
        StudentBelongsToSchool = true,
        StudentHasActiveAgreement = false,
        HasOpenInvitationFromThisEmployer = false,
    };
}

/// <summary>
/// One invitation (邀约) from an employer to a student and, once accepted and verified, the agreement
/// (协议书) it becomes: the state machine of docs/rules.md. Every transition checks who acts and whether the
/// rule allows it, then changes the state, renews <see cref="Version"/>, appends one entry to the
/// <see cref="Trail"/> and raises one <see cref="SigningChanged"/>; or it throws a
/// <see cref="DomainException"/> carrying the Chinese sentence for the user and changes nothing.
/// </summary>
/// <remarks>
/// <para><b>Deadline.</b> The feedback period (反馈有效期) of N days is counted as the Civil Code counts
/// periods in days (民法典 第二百零一条: the starting day is not counted): an invitation sent on China
/// date D may be answered until 24:00 Asia/Shanghai of day D + N, i.e. <see cref="Deadline"/> =
/// <c>ChinaTime.EndOfDay(D + N)</c>. Sent on 10-10 with 5 days, the letter says "请于10/15日24点之前反馈".
/// An answer at exactly <see cref="Deadline"/> is too late.</para>
/// <para><b>暂不处理.</b> When the counterparty of a termination request chooses "暂不处理", the portal
/// calls nothing: the signing stays <see cref="SigningStatus.TerminationRequested"/>.</para>
/// <para><b>Persistence.</b> EF Core maps <see cref="Offer"/> as an owned type, the trail through the
/// backing field <c>_trail</c> (owned collection), <see cref="Version"/> as a concurrency token, and
/// ignores <see cref="DomainEvents"/>.</para>
/// </remarks>
public sealed class Signing
{
    private readonly List<ProcessTrailEntry> _trail = [];
    private readonly List<SigningChanged> _events = [];

    public int Id { get; private set; }
    public int EmployerId { get; private set; }
    public int StudentId { get; private set; }
    /// <summary>The student's school: only its admins verify (rule 8).</summary>
    public int SchoolId { get; private set; }
    /// <summary>毕业年度 of the student.</summary>
    public int GraduationYear { get; private set; }

    /// <summary>The stored status. For display and decisions use <see cref="EffectiveStatus(DateTimeOffset)"/>.</summary>
    public SigningStatus Status { get; private set; }

    /// <summary>The terms of the letter.</summary>
    public Offer Offer { get; private set; } = null!;

    /// <summary>邀请日期 (UTC).</summary>
    public DateTimeOffset InvitedAt { get; private set; }

    /// <summary>24:00 China time of the last feedback day, as UTC; see the remarks of <see cref="Signing"/>.</summary>
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>When the student accepted or declined.</summary>
    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>The student's reason for declining, if given.</summary>
    public string? DeclineReason { get; private set; }

    /// <summary>When the school approved or rejected the signing (签约时间 is the approval).</summary>
    public DateTimeOffset? VerifiedAt { get; private set; }

    /// <summary>The school's remark when it rejected the signing.</summary>
    public string? VerificationRemark { get; private set; }

    /// <summary>协议书编号, set when the signing becomes Effective.</summary>
    public string? AgreementNumber { get; private set; }

    /// <summary>校验码, set when the signing becomes Effective.</summary>
    public string? VerificationCode { get; private set; }

    /// <summary>The party of the current or last termination request.</summary>
    public TerminationParty? TerminationRequestedBy { get; private set; }
    /// <summary>解除原因 of the current or last request.</summary>
    public string? TerminationReason { get; private set; }
    public DateTimeOffset? TerminationRequestedAt { get; private set; }
    /// <summary>The counterparty's reason when it rejected the request.</summary>
    public string? TerminationAnswerReason { get; private set; }
    public DateTimeOffset? TerminationAnsweredAt { get; private set; }
    /// <summary>When the school approved or rejected the termination.</summary>
    public DateTimeOffset? TerminationVerifiedAt { get; private set; }
    /// <summary>The school's remark when it rejected the termination.</summary>
    public string? TerminationVerificationRemark { get; private set; }

    /// <summary>
    /// The school rejected the last termination and the agreement went back to Effective: the list shows
    /// 解约鉴证不通过 until a new request is made.
    /// </summary>
    public bool TerminationVerificationRejected { get; private set; }

    /// <summary>The employer has spent its one termination request (rule 7).</summary>
    public bool EmployerTerminationUsed { get; private set; }
    /// <summary>The student has spent its one termination request (rule 7).</summary>
    public bool StudentTerminationUsed { get; private set; }

    /// <summary>Application-managed concurrency token: a new value after every successful transition.</summary>
    public Guid Version { get; private set; }

    /// <summary>流程追踪, oldest first. Append-only.</summary>
    public IReadOnlyList<ProcessTrailEntry> Trail => _trail.AsReadOnly();

    /// <summary>The changes since the aggregate was loaded or <see cref="ClearEvents"/> was called.</summary>
    public IReadOnlyList<SigningChanged> DomainEvents => _events.AsReadOnly();

    public void ClearEvents() => _events.Clear();

    /// <summary>For EF Core.</summary>
    private Signing() { }

    // ---------------------------------------------------------------- deadline

    /// <summary>The last day (China date) on which the student may answer a letter sent at <paramref name="invitedAt"/>.</summary>
    public static DateOnly LastFeedbackDay(DateTimeOffset invitedAt, int feedbackDays) =>
        ChinaDate(invitedAt).AddDays(feedbackDays);

    /// <summary>24:00 China time of <see cref="LastFeedbackDay"/>, as UTC.</summary>
    public static DateTimeOffset DeadlineFor(DateTimeOffset invitedAt, int feedbackDays) =>
        ChinaTime.EndOfDay(LastFeedbackDay(invitedAt, feedbackDays));

    /// <summary>The last day (China date) on which this invitation may be answered.</summary>
    public DateOnly LastDayToRespond => LastDayToRespondOf(Deadline);

    /// <summary>The last day (China date) to answer an invitation whose deadline is <paramref name="deadline"/>: the day before the deadline's China date.</summary>
    public static DateOnly LastDayToRespondOf(DateTimeOffset deadline) => ChinaDate(deadline).AddDays(-1);

    /// <summary>The status as it is at <paramref name="now"/>: an Invited signing past its deadline is Expired.</summary>
    public SigningStatus EffectiveStatus(DateTimeOffset now) => EffectiveStatus(Status, Deadline, now);

    /// <summary>The same rule for a projection that holds only the stored status and the deadline.</summary>
    public static SigningStatus EffectiveStatus(SigningStatus status, DateTimeOffset deadline, DateTimeOffset now) =>
        status == SigningStatus.Invited && !SigningStatuses.IsOpenInvitation(status, deadline, now) ? SigningStatus.Expired : status;

    public bool IsPastDeadline(DateTimeOffset now) => now >= Deadline;

    /// <summary>Still stored as Invited though its deadline has passed: <see cref="Expire"/> applies (the in-memory <see cref="SigningStatuses.DueToExpire"/>).</summary>
    public bool IsDueToExpire(DateTimeOffset now) => Status == SigningStatus.Invited && IsPastDeadline(now);

    // ---------------------------------------------------------------- invite

    public const string NotConfirmedMessage = "请先完成签约信息确认，再发送签约邀请";
    public const string NoResidencyMessage = "你尚未入驻该学生所在学校（入驻申请需经学校审核通过），不能邀请该校学生";
    public const string NotOfSchoolMessage = "该学生不在所选学校和毕业年度的毕业生名单中，不能邀请";
    public const string StudentHasActiveAgreementMessage = "该学生已有待鉴证或已生效的就业协议，不能邀请";
    public const string AlreadyInvitedMessage = "你已向该学生发出邀约且尚在反馈期内，不能重复邀请";

    /// <summary>Why the employer may not invite this student, in Chinese; null when it may.</summary>
    public static string? WhyCannotInvite(InvitationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.SigningInfoConfirmed) return NotConfirmedMessage;
        if (!facts.ResidencyApproved) return NoResidencyMessage;
        if (!facts.StudentBelongsToSchool) return NotOfSchoolMessage;
        if (facts.StudentHasActiveAgreement) return StudentHasActiveAgreementMessage;
        if (facts.HasOpenInvitationFromThisEmployer) return AlreadyInvitedMessage;
        return null;
    }

    /// <summary>The employer sends the letter <paramref name="offer"/> to one student (发起邀约).</summary>
    public static Signing Invite(Actor employer, int studentId, int schoolId, int graduationYear, Offer offer,
        InvitationFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(employer);
        ArgumentNullException.ThrowIfNull(offer);
        if (employer.Kind != ActorKind.Employer) throw new DomainException("只有单位才能发起签约邀请");
        if (WhyCannotInvite(facts) is { } why) throw new DomainException(why);
        if (studentId <= 0 || schoolId <= 0) throw new DomainException("请选择要邀请的学生");
        if (graduationYear is < 2000 or > 2100) throw new DomainException("毕业年度无效");
        if (offer.ReportDeadline <= ChinaDate(now)) throw new DomainException(Offer.ReportDeadlineNotInFutureMessage);

        var s = new Signing
        {
            EmployerId = employer.Id,
            StudentId = studentId,
            SchoolId = schoolId,
            GraduationYear = graduationYear,
            Status = SigningStatus.Invited,
            Offer = offer,
            InvitedAt = now.ToUniversalTime(),
            Deadline = DeadlineFor(now, offer.FeedbackDays),
            Version = Guid.NewGuid(),
        };
        s._trail.Add(new ProcessTrailEntry(employer.DisplayName, now, TrailActions.Invite, null));
        s._events.Add(new SigningChanged(s, null, SigningStatus.Invited, TrailActions.Invite, employer));
        return s;
    }

    // ---------------------------------------------------------------- answer the invitation

    public const string NotTheStudentMessage = "只有受邀学生本人才能应约";
    public const string OtherActiveAgreementMessage = "你已有一份待鉴证或已生效的就业协议，一名学生只能持有一份协议，不能再同意其他邀约";

    /// <summary>The student accepts (同意签约): the signing goes to the school for verification.</summary>
    /// <param name="studentHasOtherActiveAgreement">Whether the student holds another active agreement (rule 6).</param>
    public void Accept(Actor student, bool studentHasOtherActiveAgreement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (!student.IsStudent(StudentId)) throw new DomainException(NotTheStudentMessage);
        EnsureStatus(now, "同意签约", SigningStatus.Invited);
        if (studentHasOtherActiveAgreement) throw new DomainException(OtherActiveAgreementMessage);

        RespondedAt = now.ToUniversalTime();
        Apply(SigningStatus.AwaitingVerification, student, now, TrailActions.Accept, null);
    }

    /// <summary>The student declines (拒绝), optionally saying why (≤ 200 字).</summary>
    public void Decline(Actor student, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (!student.IsStudent(StudentId)) throw new DomainException(NotTheStudentMessage);
        EnsureStatus(now, "拒绝签约", SigningStatus.Invited);
        var remark = Text.Optional(reason, "拒绝原因", 200);

        RespondedAt = now.ToUniversalTime();
        DeclineReason = remark;
        Apply(SigningStatus.Declined, student, now, TrailActions.Decline, remark);
    }

    /// <summary>The employer withdraws its invitation: only while Invited and before the deadline.</summary>
    public void Withdraw(Actor employer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(employer);
        if (!employer.IsEmployer(EmployerId)) throw new DomainException("只有发出邀约的单位才能撤回邀约");
        EnsureStatus(now, "撤回邀约", SigningStatus.Invited);
        Apply(SigningStatus.Withdrawn, employer, now, TrailActions.Withdraw, null);
    }

    /// <summary>
    /// The system records that the feedback period ended without an answer. The trail entry is dated at
    /// the <see cref="Deadline"/>, when the invitation really expired, not when the job ran.
    /// </summary>
    public void Expire(DateTimeOffset now)
    {
        if (Status != SigningStatus.Invited) throw WrongStatus("标记为过期");
        if (now < Deadline) throw new DomainException("该邀约尚在反馈期内，不能标记为过期");
        Apply(SigningStatus.Expired, Actor.System, Deadline, TrailActions.Expire, null);
    }

    // ---------------------------------------------------------------- verification (鉴证)

    public const string NotTheSchoolMessage = "只有学生所在学校的管理员才能鉴证";

    /// <summary>
    /// An admin of the student's school approves the signing (签约鉴证通过): it becomes Effective with
    /// <paramref name="number"/> (the next free number of the school and year, issued by the caller) and
    /// <paramref name="verificationCode"/> (<see cref="Signings.VerificationCode.Generate"/>).
    /// </summary>
    public void ApproveVerification(Actor schoolAdmin, AgreementNumber number, string verificationCode, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schoolAdmin);
        if (!schoolAdmin.IsAdminOf(SchoolId)) throw new DomainException(NotTheSchoolMessage);
        EnsureStatus(now, "鉴证", SigningStatus.AwaitingVerification);
        if (number.Value is null) throw new DomainException("请生成协议书编号");
        if (number.GraduationYear != GraduationYear) throw new DomainException("协议书编号的毕业年度与该学生的毕业年度不一致");
        if (!Signings.VerificationCode.IsWellFormed(verificationCode)) throw new DomainException("校验码格式不正确");

        VerifiedAt = now.ToUniversalTime();
        AgreementNumber = number.Value;
        VerificationCode = verificationCode;
        Apply(SigningStatus.Effective, schoolAdmin, now, TrailActions.ApproveVerification, null);
    }

    /// <summary>An admin of the student's school rejects the signing; <paramref name="remark"/> is required (rule 8).</summary>
    public void RejectVerification(Actor schoolAdmin, string remark, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schoolAdmin);
        if (!schoolAdmin.IsAdminOf(SchoolId)) throw new DomainException(NotTheSchoolMessage);
        EnsureStatus(now, "鉴证", SigningStatus.AwaitingVerification);
        var text = Text.Required(remark, "不通过原因", 200);

        VerifiedAt = now.ToUniversalTime();
        VerificationRemark = text;
        Apply(SigningStatus.VerificationRejected, schoolAdmin, now, TrailActions.RejectVerification, text);
    }

    // ---------------------------------------------------------------- termination (解约)

    public const string NotAPartyMessage = "只有签约双方才能办理解约";
    public const string TerminationChanceSpentMessage = "解约机会仅有一次，你已申请过解约，不能再次申请";
    public const string OwnRequestMessage = "这份解约申请是你提出的，需由对方处理";

    /// <summary>
    /// The employer or the student asks to terminate an Effective agreement (申请解约). The reason is
    /// 1–200 characters. Each party may do this once ever (rule 7), and a request cannot be withdrawn:
    /// there is deliberately no method for that.
    /// </summary>
    public void RequestTermination(Actor party, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(party);
        var who = PartyOf(party) ?? throw new DomainException(NotAPartyMessage);
        EnsureStatus(now, "申请解约", SigningStatus.Effective);
        if (who == TerminationParty.Employer ? EmployerTerminationUsed : StudentTerminationUsed)
            throw new DomainException(TerminationChanceSpentMessage);
        var text = Text.Required(reason, "解除原因", 200);

        if (who == TerminationParty.Employer) EmployerTerminationUsed = true;
        else StudentTerminationUsed = true;
        TerminationRequestedBy = who;
        TerminationReason = text;
        TerminationRequestedAt = now.ToUniversalTime();
        TerminationAnswerReason = null;
        TerminationAnsweredAt = null;
        TerminationVerifiedAt = null;
        TerminationVerificationRemark = null;
        TerminationVerificationRejected = false;
        var action = who == TerminationParty.Employer
            ? TrailActions.EmployerRequestsTermination
            : TrailActions.StudentRequestsTermination;
        Apply(SigningStatus.TerminationRequested, party, now, action, text);
    }

    /// <summary>The counterparty agrees (同意解约): the termination goes to the school for verification.</summary>
    public void AgreeTermination(Actor counterparty, DateTimeOffset now)
    {
        EnsureCounterparty(counterparty);
        EnsureStatus(now, "同意解约", SigningStatus.TerminationRequested);

        TerminationAnsweredAt = now.ToUniversalTime();
        Apply(SigningStatus.TerminationAwaitingVerification, counterparty, now, TrailActions.AgreeTermination, null);
    }

    /// <summary>
    /// The counterparty rejects the request (拒绝解约): the agreement stays Effective and the requester's
    /// one chance stays spent. ("暂不处理" is no call at all.)
    /// </summary>
    public void RejectTermination(Actor counterparty, string? reason, DateTimeOffset now)
    {
        EnsureCounterparty(counterparty);
        EnsureStatus(now, "拒绝解约", SigningStatus.TerminationRequested);
        var text = Text.Optional(reason, "拒绝原因", 200);

        TerminationAnsweredAt = now.ToUniversalTime();
        TerminationAnswerReason = text;
        Apply(SigningStatus.Effective, counterparty, now, TrailActions.RejectTermination, text);
    }

    /// <summary>An admin of the student's school approves the termination: the agreement becomes void.</summary>
    public void ApproveTermination(Actor schoolAdmin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schoolAdmin);
        if (!schoolAdmin.IsAdminOf(SchoolId)) throw new DomainException(NotTheSchoolMessage);
        EnsureStatus(now, "鉴证解约", SigningStatus.TerminationAwaitingVerification);

        TerminationVerifiedAt = now.ToUniversalTime();
        Apply(SigningStatus.Terminated, schoolAdmin, now, TrailActions.ApproveTermination, null);
    }

    /// <summary>An admin of the student's school rejects the termination (remark required): back to Effective.</summary>
    public void RejectTerminationVerification(Actor schoolAdmin, string remark, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schoolAdmin);
        if (!schoolAdmin.IsAdminOf(SchoolId)) throw new DomainException(NotTheSchoolMessage);
        EnsureStatus(now, "鉴证解约", SigningStatus.TerminationAwaitingVerification);
        var text = Text.Required(remark, "不通过原因", 200);

        TerminationVerifiedAt = now.ToUniversalTime();
        TerminationVerificationRemark = text;
        TerminationVerificationRejected = true;
        Apply(SigningStatus.Effective, schoolAdmin, now, TrailActions.RejectTerminationVerification, text);
    }

    /// <summary>The agreement was terminated and is void (the PDF prints "已失效").</summary>
    public bool IsVoid => SigningStatuses.IsVoid(Status);

    /// <summary>Whether <paramref name="actor"/> may still request termination (for showing the button).</summary>
    public bool CanRequestTermination(Actor actor) =>
        Status == SigningStatus.Effective && PartyOf(actor) switch
        {
            TerminationParty.Employer => !EmployerTerminationUsed,
            TerminationParty.Student => !StudentTerminationUsed,
            _ => false,
        };

    // ---------------------------------------------------------------- helpers

    private TerminationParty? PartyOf(Actor actor) =>
        actor.IsEmployer(EmployerId) ? TerminationParty.Employer
        : actor.IsStudent(StudentId) ? TerminationParty.Student
        : null;

    private void EnsureCounterparty(Actor counterparty)
    {
        ArgumentNullException.ThrowIfNull(counterparty);
        var who = PartyOf(counterparty) ?? throw new DomainException(NotAPartyMessage);
        if (Status == SigningStatus.TerminationRequested && who == TerminationRequestedBy)
            throw new DomainException(OwnRequestMessage);
    }

    /// <summary>Refuses unless the status is <paramref name="allowed"/>; an Invited signing past its deadline counts as expired.</summary>
    private void EnsureStatus(DateTimeOffset now, string verb, SigningStatus allowed)
    {
        if (Status == SigningStatus.Invited && IsPastDeadline(now)) throw new DomainException(ExpiredMessage());
        if (Status != allowed) throw WrongStatus(verb);
    }

    /// <summary>"该邀约已过期（反馈截止时间为2018/10/15日24点），不能再操作".</summary>
    public string ExpiredMessage() =>
        string.Create(CultureInfo.InvariantCulture, $"该邀约已过期（反馈截止时间为{LastDayToRespond:yyyy/MM/dd}日24点），不能再操作");

    private DomainException WrongStatus(string verb) =>
        new($"该签约当前状态为“{SigningStatusText.StatusName(Status)}”，不能{verb}");

    private void Apply(SigningStatus to, Actor actor, DateTimeOffset at, string action, string? remark)
    {
        var from = Status;
        Status = to;
        Version = Guid.NewGuid();
        _trail.Add(new ProcessTrailEntry(actor.DisplayName, at, action, remark));
        _events.Add(new SigningChanged(this, from, to, action, actor));
    }

    private static DateOnly ChinaDate(DateTimeOffset instant) => DateOnly.FromDateTime(ChinaTime.ToChina(instant).DateTime);
}
