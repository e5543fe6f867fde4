using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using static WllmSign.Tests.Domain.Signings.SigningTestData;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>Tests of the rules of docs/rules.md that concern a signing; a test named Rule&lt;N&gt;_… counts for rule N (RulesDocumentTests).</summary>
public class SigningRuleTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>Asserts that <paramref name="action"/> is refused with <paramref name="message"/> and changes nothing.</summary>
    private static void Refused(Signing s, string message, Action action)
    {
        var before = Snapshot(s);
        var (status, trail, version, events) = (s.Status, s.Trail.Count, s.Version, s.DomainEvents.Count);
        var ex = Assert.Throws<DomainException>(action);
        Assert.Equal(message, ex.Message);
        Assert.Equal(status, s.Status);
        Assert.Equal(trail, s.Trail.Count);
        Assert.Equal(version, s.Version);
        Assert.Equal(events, s.DomainEvents.Count);
        Assert.Equal(before, Snapshot(s));
    }

    private static InvitationFacts Facts(bool confirmed = true, bool residency = true, bool ofSchool = true,
        bool active = false, bool open = false) => new()
    {
        SigningInfoConfirmed = confirmed,
        ResidencyApproved = residency,
        StudentBelongsToSchool = ofSchool,
        StudentHasActiveAgreement = active,
        HasOpenInvitationFromThisEmployer = open,
    };

    private static Signing Invite(InvitationFacts facts, DateTimeOffset? at = null) =>
        Signing.Invite(Employer, StudentId, SchoolId, Year, MakeOffer(), facts, at ?? T0);

    // ------------------------------------------------------------ invite

    [Fact]
    public void Invitation_starts_Invited_with_the_employer_on_the_trail()
    {
        var s = NewInvited();
        Assert.Equal((EmployerId, StudentId, SchoolId, Year, SigningStatus.Invited), (s.EmployerId, s.StudentId, s.SchoolId, s.GraduationYear, s.Status));
        Assert.Equal(T0, s.InvitedAt);
        Assert.Equal(TimeSpan.Zero, s.InvitedAt.Offset);
        Assert.NotEqual(Guid.Empty, s.Version);
        var entry = Assert.Single(s.Trail);
        Assert.Equal((UnitName, TrailActions.Invite, (string?)null), (entry.ActorName, entry.Action, entry.Remark));
        var e = Assert.Single(s.DomainEvents);
        Assert.Equal((null, SigningStatus.Invited, TrailActions.Invite), (e.From, e.To, e.Action));
    }

    [Fact]
    public void Rule1_invite_without_approved_residency_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => Invite(Facts(residency: false)));
        Assert.Equal("你尚未入驻该学生所在学校（入驻申请需经学校审核通过），不能邀请该校学生", ex.Message);
    }

    [Fact]
    public void Rule13_employer_that_has_not_confirmed_its_signing_information_cannot_invite()
    {
        var ex = Assert.Throws<DomainException>(() => Invite(Facts(confirmed: false)));
        Assert.Equal("请先完成签约信息确认，再发送签约邀请", ex.Message);
    }

    [Fact]
    public void Employer_cannot_invite_a_student_it_already_has_an_open_invitation_to()
    {
        var ex = Assert.Throws<DomainException>(() => Invite(Facts(open: true)));
        Assert.Equal("你已向该学生发出邀约且尚在反馈期内，不能重复邀请", ex.Message);
    }

    [Fact]
    public void Employer_cannot_invite_a_student_who_holds_an_active_agreement()
    {
        var ex = Assert.Throws<DomainException>(() => Invite(Facts(active: true)));
        Assert.Equal("该学生已有待鉴证或已生效的就业协议，不能邀请", ex.Message);
    }

    [Fact]
    public void Student_outside_the_school_roster_cannot_be_invited()
    {
        var ex = Assert.Throws<DomainException>(() => Invite(Facts(ofSchool: false)));
        Assert.Equal(Signing.NotOfSchoolMessage, ex.Message);
    }

    [Fact]
    public void Only_an_employer_can_invite()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Signing.Invite(Student, StudentId, SchoolId, Year, MakeOffer(), InvitationFacts.Eligible, T0));
        Assert.Equal("只有单位才能发起签约邀请", ex.Message);
    }

    [Fact]
    public void Rule4_batch_preview_marks_ineligible_students_with_the_reason_Invite_gives()
    {
        var batch = new[]
        {
            Facts(), Facts(residency: false), Facts(active: true), Facts(open: true), Facts(active: true, open: true),
        };
        var marks = batch.Select(Signing.WhyCannotInvite).ToList();
        Assert.Equal(
            [null, Signing.NoResidencyMessage, Signing.StudentHasActiveAgreementMessage, Signing.AlreadyInvitedMessage,
             Signing.StudentHasActiveAgreementMessage],
            marks);
        foreach (var (facts, mark) in batch.Zip(marks))
        {
            if (mark is null) Assert.Equal(SigningStatus.Invited, Invite(facts).Status);
            else Assert.Equal(mark, Assert.Throws<DomainException>(() => Invite(facts)).Message);
        }
    }

    [Fact]
    public void Every_student_of_a_batch_gets_the_same_letter()
    {
        var offer = MakeOffer();
        var a = Signing.Invite(Employer, 101, SchoolId, Year, offer, InvitationFacts.Eligible, T0);
        var b = Signing.Invite(Employer, 102, SchoolId, Year, offer, InvitationFacts.Eligible, T0);
        Assert.Same(a.Offer, b.Offer);
        Assert.Equal(a.Deadline, b.Deadline);
    }

    [Fact]
    public void Invite_refuses_a_letter_whose_report_deadline_is_no_longer_in_the_future()
    {
        var d = Draft();
        d.ReportDeadline = Today.AddDays(1);
        var offer = Offer.Create(d, Today); // written today, sent the next day
        var ex = Assert.Throws<DomainException>(() =>
            Signing.Invite(Employer, StudentId, SchoolId, Year, offer, InvitationFacts.Eligible, T0.AddDays(1)));
        Assert.Equal("报到期限必须晚于今天", ex.Message);
    }

    [Fact]
    public void Open_invitation_query_ignores_an_invitation_past_its_deadline()
    {
        var s = NewInvited();
        var open = SigningStatuses.OpenInvitation(EmployerId, StudentId, s.Deadline.AddTicks(-1)).Compile();
        var openLater = SigningStatuses.OpenInvitation(EmployerId, StudentId, s.Deadline).Compile();
        Assert.True(open(s));
        Assert.False(openLater(s));
        Assert.True(SigningStatuses.DueToExpire(s.Deadline).Compile()(s));
    }

    // ------------------------------------------------------------ rule 5: the deadline

    [Fact]
    public void Rule5_deadline_is_2400_China_time_of_last_feedback_day()
    {
        // Sent 2026-05-10 10:00 China time with 5 days: answer before 2026-05-15 24:00 China time.
        var s = NewInvited(T0, feedbackDays: 5);
        Assert.Equal(new DateTimeOffset(2026, 5, 16, 0, 0, 0, China), s.Deadline);
        Assert.Equal(new DateTimeOffset(2026, 5, 15, 16, 0, 0, TimeSpan.Zero), s.Deadline);
        Assert.Equal(TimeSpan.Zero, s.Deadline.Offset);
        Assert.Equal(new DateOnly(2026, 5, 15), s.LastDayToRespond);
    }

    [Theory]
    [InlineData(0, 0, 1, "2026-05-11")]   // 00:00 China time: the invitation day does not count
    [InlineData(23, 59, 1, "2026-05-11")]
    [InlineData(10, 0, 30, "2026-06-09")]
    public void Invitation_day_does_not_count_towards_the_feedback_period(int hour, int minute, int days, string lastDay)
    {
        var at = new DateTimeOffset(2026, 5, 10, hour, minute, 0, China);
        var s = NewInvited(at, days);
        Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), s.LastDayToRespond);
        Assert.Equal(Signing.LastFeedbackDay(at, days), s.LastDayToRespond);
        Assert.Equal(ChinaTime.EndOfDay(s.LastDayToRespond), s.Deadline);
    }

    [Fact]
    public void Deadline_follows_the_China_date_not_the_UTC_date()
    {
        // 00:30 on 2026-05-11 in China is still 2026-05-10 in UTC.
        var at = new DateTimeOffset(2026, 5, 10, 16, 30, 0, TimeSpan.Zero);
        var s = NewInvited(at, 5);
        Assert.Equal(new DateOnly(2026, 5, 16), s.LastDayToRespond);
        Assert.Equal(new DateTimeOffset(2026, 5, 17, 0, 0, 0, China), s.Deadline);
    }

    [Fact]
    public void Accept_after_deadline_is_refused()
    {
        var s = NewInvited();
        Refused(s, "该邀约已过期（反馈截止时间为2026/05/15日24点），不能再操作", () => s.Accept(Student, false, s.Deadline));
        Refused(s, "该邀约已过期（反馈截止时间为2026/05/15日24点），不能再操作", () => s.Accept(Student, false, s.Deadline.AddDays(3)));
    }

    [Fact]
    public void Accept_one_second_before_the_deadline_succeeds()
    {
        var s = NewInvited();
        s.Accept(Student, false, s.Deadline.AddSeconds(-1));
        Assert.Equal(SigningStatus.AwaitingVerification, s.Status);
    }

    [Fact]
    public void Decline_and_withdraw_after_deadline_are_refused_as_expired()
    {
        var s = NewInvited();
        Refused(s, s.ExpiredMessage(), () => s.Decline(Student, null, s.Deadline.AddMinutes(1)));
        Refused(s, s.ExpiredMessage(), () => s.Withdraw(Employer, s.Deadline.AddMinutes(1)));
        Assert.Contains("已过期", s.ExpiredMessage());
    }

    [Fact]
    public void Invitation_past_its_deadline_is_Expired_whatever_the_database_says()
    {
        var s = NewInvited();
        Assert.Equal(SigningStatus.Invited, s.Status);
        Assert.Equal(SigningStatus.Invited, s.EffectiveStatus(s.Deadline.AddTicks(-1)));
        Assert.Equal(SigningStatus.Expired, s.EffectiveStatus(s.Deadline));
        Assert.Equal("已过期", SigningStatusText.ResponseText(s, s.Deadline));
        Assert.False(DataTabs.Contains(DataTab.AwaitingResponse, s, s.Deadline));
        Assert.False(PendingCounts.StudentInvitations(StudentId, s.Deadline).Compile()(s));
        Assert.False(PendingCounts.EmployerSigning(EmployerId, s.Deadline).Compile()(s));
    }

    [Fact]
    public void Expire_before_the_deadline_is_refused()
    {
        var s = NewInvited();
        Refused(s, "该邀约尚在反馈期内，不能标记为过期", () => s.Expire(s.Deadline.AddTicks(-1)));
    }

    [Fact]
    public void Expiry_is_recorded_by_the_system_at_the_deadline()
    {
        var s = NewInvited();
        s.Expire(s.Deadline.AddDays(2)); // the job ran late
        Assert.Equal(SigningStatus.Expired, s.Status);
        var entry = s.Trail[^1];
        Assert.Equal(("系统", TrailActions.Expire, s.Deadline), (entry.ActorName, entry.Action, entry.At));
    }

    // ------------------------------------------------------------ answering and withdrawing

    [Fact]
    public void Another_student_cannot_accept()
    {
        var s = NewInvited();
        Refused(s, "只有受邀学生本人才能应约", () => s.Accept(OtherStudent, false, T0.AddHours(1)));
        Refused(s, "只有受邀学生本人才能应约", () => s.Accept(Employer, false, T0.AddHours(1)));
    }

    [Fact]
    public void Accept_after_withdrawal_is_refused()
    {
        var s = NewInvited();
        s.Withdraw(Employer, T0.AddHours(1));
        Refused(s, "该签约当前状态为“单位已撤回”，不能同意签约", () => s.Accept(Student, false, T0.AddHours(2)));
    }

    [Fact]
    public void Accepting_records_the_response_and_waits_for_the_school()
    {
        var s = NewInvited();
        s.Accept(Student, false, T0.AddHours(1));
        Assert.Equal(T0.AddHours(1), s.RespondedAt);
        var entry = s.Trail[^1];
        Assert.Equal(("学生本人", "同意签约，待管理员鉴证"), (entry.ActorName, entry.Action));
    }

    [Fact]
    public void Declining_keeps_the_optional_reason_of_at_most_200_characters()
    {
        var s = NewInvited();
        Refused(s, "拒绝原因不能超过200个字", () => s.Decline(Student, new string('不', 201), T0.AddHours(1)));
        s.Decline(Student, "  ", T0.AddHours(1));
        Assert.Equal(SigningStatus.Declined, s.Status);
        Assert.Null(s.DeclineReason);
        Assert.Null(s.Trail[^1].Remark);
    }

    [Fact]
    public void Withdrawal_only_while_invited()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Refused(s, "该签约当前状态为“待学校鉴证”，不能撤回邀约", () => s.Withdraw(Employer, now));
    }

    [Fact]
    public void Employer_cannot_withdraw_another_employers_invitation()
    {
        var s = NewInvited();
        Refused(s, "只有发出邀约的单位才能撤回邀约", () => s.Withdraw(OtherEmployer, T0.AddHours(1)));
    }

    // ------------------------------------------------------------ rule 6

    [Fact]
    public void Rule6_student_cannot_accept_while_another_agreement_is_active()
    {
        var s = NewInvited();
        Refused(s, "你已有一份待鉴证或已生效的就业协议，一名学生只能持有一份协议，不能再同意其他邀约",
            () => s.Accept(Student, studentHasOtherActiveAgreement: true, T0.AddHours(1)));
    }

    [Theory]
    [InlineData(SigningStatus.AwaitingVerification, true)]
    [InlineData(SigningStatus.Effective, true)]
    [InlineData(SigningStatus.TerminationRequested, true)]
    [InlineData(SigningStatus.TerminationAwaitingVerification, true)]
    [InlineData(SigningStatus.Invited, false)]
    [InlineData(SigningStatus.Declined, false)]
    [InlineData(SigningStatus.Expired, false)]
    [InlineData(SigningStatus.Withdrawn, false)]
    [InlineData(SigningStatus.VerificationRejected, false)]
    [InlineData(SigningStatus.Terminated, false)]
    public void Active_agreement_is_AwaitingVerification_Effective_or_a_termination_state(SigningStatus status, bool active)
    {
        Assert.Equal(active, SigningStatuses.IsActiveAgreement(status));
        Assert.Equal(active, SigningStatuses.ActiveAgreement.Contains(status));
    }

    [Fact]
    public void Active_agreement_query_finds_the_students_agreement()
    {
        var (s, _) = Build(Scenario.TerminationAwaitingVerification);
        Assert.True(SigningStatuses.ActiveAgreementOf(StudentId).Compile()(s));
        Assert.False(SigningStatuses.ActiveAgreementOf(OtherStudentId).Compile()(s));
        Assert.False(SigningStatuses.ActiveAgreementOf(StudentId).Compile()(Build(Scenario.Terminated).Signing));
    }

    // ------------------------------------------------------------ rule 7: termination

    [Fact]
    public void Rule7_termination_can_be_requested_once_per_party()
    {
        var (s, now) = Build(Scenario.Effective);
        s.RequestTermination(Student, "第一次", now);
        s.RejectTermination(Employer, null, now.AddMinutes(1));
        Assert.True(s.StudentTerminationUsed);
        Assert.False(s.CanRequestTermination(Student));
        Refused(s, "解约机会仅有一次，你已申请过解约，不能再次申请", () => s.RequestTermination(Student, "第二次", now.AddMinutes(2)));

        // The employer still has its own chance, once.
        Assert.True(s.CanRequestTermination(Employer));
        s.RequestTermination(Employer, "单位原因", now.AddMinutes(3));
        s.RejectTermination(Student, "不同意", now.AddMinutes(4));
        Refused(s, "解约机会仅有一次，你已申请过解约，不能再次申请", () => s.RequestTermination(Employer, "再次", now.AddMinutes(5)));
        Assert.Equal(SigningStatus.Effective, s.Status);
    }

    [Fact]
    public void Termination_chance_stays_spent_after_the_school_rejects_it()
    {
        var (s, now) = Build(Scenario.EffectiveAfterSchoolRejectedTermination);
        Refused(s, Signing.TerminationChanceSpentMessage, () => s.RequestTermination(Student, "再试一次", now));
    }

    [Fact]
    public void Termination_request_cannot_be_withdrawn_or_answered_by_the_requester()
    {
        var (s, now) = Build(Scenario.TerminationRequestedByStudent);
        Refused(s, "这份解约申请是你提出的，需由对方处理", () => s.RejectTermination(Student, null, now));
        Refused(s, "这份解约申请是你提出的，需由对方处理", () => s.AgreeTermination(Student, now));
        Assert.DoesNotContain(typeof(Signing).GetMethods(), m => m.Name.Contains("WithdrawTermination", StringComparison.Ordinal)
            || m.Name.Contains("CancelTermination", StringComparison.Ordinal));
    }

    [Fact]
    public void Termination_only_from_an_effective_agreement()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Refused(s, "该签约当前状态为“待学校鉴证”，不能申请解约", () => s.RequestTermination(Student, "原因", now));
    }

    [Fact]
    public void Termination_reason_is_1_to_200_characters()
    {
        var (s, now) = Build(Scenario.Effective);
        Refused(s, "请输入解除原因", () => s.RequestTermination(Student, "   ", now));
        Refused(s, "解除原因不能超过200个字", () => s.RequestTermination(Student, string.Concat(Enumerable.Repeat("𠮷", 201)), now));
        var reason = string.Concat(Enumerable.Repeat("𠮷", 200)); // 400 UTF-16 units, 200 characters
        s.RequestTermination(Student, reason, now);
        Assert.Equal(reason, s.TerminationReason);
        Assert.Equal(TerminationParty.Student, s.TerminationRequestedBy);
        Assert.Equal(now, s.TerminationRequestedAt);
        Assert.Equal(reason, s.Trail[^1].Remark);
    }

    [Fact]
    public void Only_the_two_parties_can_request_termination()
    {
        var (s, now) = Build(Scenario.Effective);
        Refused(s, "只有签约双方才能办理解约", () => s.RequestTermination(OtherEmployer, "原因", now));
        Refused(s, "只有签约双方才能办理解约", () => s.RequestTermination(Admin, "原因", now));
    }

    [Fact]
    public void Postponing_a_termination_request_changes_nothing()
    {
        // "暂不处理" is no call at all: the request simply stays with the counterparty.
        var (s, now) = Build(Scenario.TerminationRequestedByStudent);
        Assert.Equal(SigningStatus.TerminationRequested, s.EffectiveStatus(now.AddDays(30)));
        Assert.True(PendingCounts.EmployerTermination(EmployerId).Compile()(s));
        s.AgreeTermination(Employer, now.AddDays(30));
        Assert.Equal(SigningStatus.TerminationAwaitingVerification, s.Status);
    }

    [Fact]
    public void Approved_termination_voids_the_agreement()
    {
        var (s, _) = Build(Scenario.Terminated);
        Assert.True(s.IsVoid);
        Assert.Equal("已失效", SigningStatusText.AgreementText(s.Status));
        Assert.NotNull(s.AgreementNumber); // the number still identifies the void agreement on the check page
    }

    // ------------------------------------------------------------ rule 8: verification

    [Fact]
    public void Rule8_verification_only_by_the_students_own_school()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Refused(s, "只有学生所在学校的管理员才能鉴证", () => s.ApproveVerification(OtherAdmin, Number(), VerificationCode.Generate(), now));
        Refused(s, "只有学生所在学校的管理员才能鉴证", () => s.RejectVerification(OtherAdmin, "不通过", now));
        Refused(s, "只有学生所在学校的管理员才能鉴证", () => s.ApproveVerification(Employer, Number(), VerificationCode.Generate(), now));
    }

    [Fact]
    public void Termination_verification_only_by_the_students_own_school()
    {
        var (s, now) = Build(Scenario.TerminationAwaitingVerification);
        Refused(s, "只有学生所在学校的管理员才能鉴证", () => s.ApproveTermination(OtherAdmin, now));
        Refused(s, "只有学生所在学校的管理员才能鉴证", () => s.RejectTerminationVerification(OtherAdmin, "不通过", now));
    }

    [Fact]
    public void Rule8_rejection_of_verification_requires_a_remark()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Refused(s, "请输入不通过原因", () => s.RejectVerification(Admin, " ", now));
        Refused(s, "不通过原因不能超过200个字", () => s.RejectVerification(Admin, new string('否', 201), now));
        s.RejectVerification(Admin, "材料不全", now);
        Assert.Equal(("材料不全", now), (s.VerificationRemark, s.VerifiedAt));
        Assert.Equal((AdminName, "签约鉴证不通过", "材料不全"), (s.Trail[^1].ActorName, s.Trail[^1].Action, s.Trail[^1].Remark));
    }

    [Fact]
    public void Rejection_of_termination_verification_requires_a_remark()
    {
        var (s, now) = Build(Scenario.TerminationAwaitingVerification);
        Refused(s, "请输入不通过原因", () => s.RejectTerminationVerification(Admin, "", now));
        s.RejectTerminationVerification(Admin, "双方未协商一致", now);
        Assert.Equal(SigningStatus.Effective, s.Status);
        Assert.True(s.TerminationVerificationRejected);
        Assert.Equal("解约鉴证不通过", SigningStatusText.VerificationText(s, now));
    }

    // ------------------------------------------------------------ rule 9: number and code

    [Fact]
    public void Rule9_effective_agreement_gets_a_number_and_a_verification_code()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Assert.Null(s.AgreementNumber);
        var code = VerificationCode.Generate();
        s.ApproveVerification(Admin, Number(7), code, now);
        Assert.Equal(SigningStatus.Effective, s.Status);
        Assert.Equal("104862026000007", s.AgreementNumber);
        Assert.Equal(code, s.VerificationCode);
        Assert.Equal(now, s.VerifiedAt);
        Assert.Equal("已生效", SigningStatusText.AgreementText(s.Status));
    }

    [Fact]
    public void Agreement_number_of_another_graduation_year_is_refused()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Refused(s, "协议书编号的毕业年度与该学生的毕业年度不一致",
            () => s.ApproveVerification(Admin, AgreementNumber.Create(SchoolCode, 2025, 1), VerificationCode.Generate(), now));
    }

    [Fact]
    public void Malformed_verification_code_is_refused()
    {
        var (s, now) = Build(Scenario.AwaitingVerification);
        Refused(s, "校验码格式不正确", () => s.ApproveVerification(Admin, Number(), "ABC", now));
        Refused(s, "请生成协议书编号", () => s.ApproveVerification(Admin, default, VerificationCode.Generate(), now));
    }

    // ------------------------------------------------------------ rule 10: the trail, version, events

    [Fact]
    public void Rule10_every_transition_appends_to_the_trail_renews_the_version_and_raises_an_event()
    {
        var s = NewInvited();
        var t = T0;
        var versions = new List<Guid> { s.Version };
        var steps = new Action[]
        {
            () => s.Accept(Student, false, t = t.AddHours(1)),
            () => s.ApproveVerification(Admin, Number(), VerificationCode.Generate(), t = t.AddHours(1)),
            () => s.RequestTermination(Employer, "业务调整", t = t.AddHours(1)),
            () => s.RejectTermination(Student, "不同意", t = t.AddHours(1)),
            () => s.RequestTermination(Student, "考研", t = t.AddHours(1)),
            () => s.AgreeTermination(Employer, t = t.AddHours(1)),
            () => s.ApproveTermination(Admin, t = t.AddHours(1)),
        };
        foreach (var step in steps)
        {
            var before = s.Trail.ToList();
            step();
            Assert.Equal(before, s.Trail.Take(before.Count)); // existing entries are the same objects
            Assert.Equal(before.Count + 1, s.Trail.Count);
            versions.Add(s.Version);
        }

        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(
            [
                (UnitName, "发起邀约", null),
                ("学生本人", "同意签约，待管理员鉴证", null),
                (AdminName, "签约鉴证通过", null),
                (UnitName, "单位申请解约", "业务调整"),
                ("学生本人", "拒绝解约", "不同意"),
                ("学生本人", "学生申请解约", "考研"),
                (UnitName, "同意解约，待管理员鉴证", null),
                (AdminName, "解约鉴证通过", (string?)null),
            ],
            s.Trail.Select(e => (e.ActorName, e.Action, e.Remark)));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => T0.AddHours(i)), s.Trail.Select(e => e.At));
        Assert.Equal(
            [SigningStatus.Invited, SigningStatus.AwaitingVerification, SigningStatus.Effective, SigningStatus.TerminationRequested,
             SigningStatus.Effective, SigningStatus.TerminationRequested, SigningStatus.TerminationAwaitingVerification, SigningStatus.Terminated],
            s.DomainEvents.Select(e => e.To));
        s.ClearEvents();
        Assert.Empty(s.DomainEvents);
        Assert.Equal(8, s.Trail.Count);
    }

    [Fact]
    public void Rule10_trail_cannot_be_edited_from_outside()
    {
        var s = NewInvited();
        var list = Assert.IsAssignableFrom<IList<ProcessTrailEntry>>(s.Trail);
        Assert.True(list.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => list.Clear());
        Assert.All(typeof(ProcessTrailEntry).GetProperties(), p => Assert.False(p.SetMethod?.IsPublic ?? false, p.Name));
        Assert.DoesNotContain(typeof(ProcessTrailEntry).GetConstructors(), c => c.IsPublic);
    }

    [Fact]
    public void Aggregate_state_has_no_public_setters()
    {
        Assert.All(typeof(Signing).GetProperties(), p => Assert.False(p.SetMethod?.IsPublic ?? false, p.Name));
        Assert.DoesNotContain(typeof(Signing).GetConstructors(), c => c.IsPublic);
    }
}

/// <summary>The manual's 已签约成功学生列表: Effective agreements whose student never asked to terminate.</summary>
public class SignedSuccessfullyListTests
{
    [Theory]
    [InlineData(Scenario.Effective, true)]
    [InlineData(Scenario.EffectiveAfterSchoolRejectedTermination, false)]
    [InlineData(Scenario.EffectiveAfterStudentRequestRejected, false)]
    [InlineData(Scenario.TerminationRequestedByEmployer, false)]
    [InlineData(Scenario.AwaitingVerification, false)]
    [InlineData(Scenario.Terminated, false)]
    public void Signed_successfully_list_holds_effective_agreements_whose_student_never_requested_termination(Scenario scenario, bool listed)
    {
        var (s, _) = SigningTestData.Build(scenario);
        Assert.Equal(listed, PendingCounts.EmployerSignedSuccessfully(SigningTestData.EmployerId).Compile()(s));
        Assert.False(PendingCounts.EmployerSignedSuccessfully(SigningTestData.OtherEmployerId).Compile()(s));
    }
}
