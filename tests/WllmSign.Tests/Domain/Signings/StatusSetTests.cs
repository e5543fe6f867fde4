using WllmSign.Domain.Invitations;
using WllmSign.Domain.Signings;
using WllmSign.Domain.Students;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>The status sets and date rules the portal's queries share, each named after its rule (docs/rules.md).</summary>
public sealed class StatusSetTests
{
    // 2026-12-02 16:00 UTC = 2026-12-03 00:00 China time: the deadline of an invitation whose last day is 12-02.
    private static readonly DateTimeOffset Deadline = new(2026, 12, 2, 16, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SigningStatus.Invited, -1, true)]
    [InlineData(SigningStatus.Invited, 0, false)]
    [InlineData(SigningStatus.Invited, 1, false)]
    [InlineData(SigningStatus.Expired, -1, false)]
    [InlineData(SigningStatus.Withdrawn, -1, false)]
    [InlineData(SigningStatus.AwaitingVerification, -1, false)]
    public void Rule5_open_invitation_is_Invited_and_before_its_deadline_in_memory_and_in_a_query(SigningStatus status, int secondsAfterDeadline, bool open)
    {
        var now = Deadline.AddSeconds(secondsAfterDeadline);
        var signing = SigningWith(status, Deadline);
        Assert.Equal(open, SigningStatuses.IsOpenInvitation(status, Deadline, now));
        Assert.Equal(open, SigningStatuses.Open(now).Compile()(signing));
        Assert.Equal(open, signing.EffectiveStatus(now) == SigningStatus.Invited);
        Assert.Equal(status == SigningStatus.Invited && !open, signing.IsDueToExpire(now));
        Assert.Equal(status == SigningStatus.Invited && !open, SigningStatuses.DueToExpire(now).Compile()(signing));
    }

    [Fact]
    public void Rule5_reminder_finds_open_invitations_due_by_the_given_instant_only()
    {
        var now = Deadline.AddHours(-30);
        var due = SigningStatuses.OpenAndDueBy(now, now.AddDays(1)).Compile();
        Assert.False(due(SigningWith(SigningStatus.Invited, Deadline)));             // 30 h away
        Assert.True(due(SigningWith(SigningStatus.Invited, Deadline.AddHours(-6))));   // 24 h away
        Assert.False(due(SigningWith(SigningStatus.Invited, now)));                  // already past
        Assert.False(due(SigningWith(SigningStatus.Declined, Deadline.AddHours(-6))));
    }

    [Fact]
    public void Rule5_last_day_to_respond_is_the_China_day_before_the_deadline_in_memory_and_in_a_query()
    {
        Assert.Equal(new DateOnly(2026, 12, 2), Signing.LastDayToRespondOf(Deadline));
        Assert.Equal(new DateOnly(2026, 12, 2), Signing.LastDayToRespondOf(Signing.DeadlineFor(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero), 5)));
        var signing = SigningWith(SigningStatus.Invited, Deadline);
        Assert.True(SigningStatuses.LastDayToRespondBetween(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2)).Compile()(signing));
        Assert.True(SigningStatuses.LastDayToRespondBetween(new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 5)).Compile()(signing));
        Assert.False(SigningStatuses.LastDayToRespondBetween(new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 9)).Compile()(signing));
        Assert.False(SigningStatuses.LastDayToRespondBetween(new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 1)).Compile()(signing));
    }

    [Fact]
    public void Rule6_agreement_in_force_is_Effective_or_a_termination_under_way()
    {
        Assert.Equal([SigningStatus.Effective, SigningStatus.TerminationRequested, SigningStatus.TerminationAwaitingVerification],
            SigningStatuses.InForce);
        foreach (var status in Enum.GetValues<SigningStatus>())
        {
            Assert.Equal(SigningStatuses.InForce.Contains(status), SigningStatuses.IsInForce(status));
            // In force = an active agreement the school has approved.
            Assert.Equal(SigningStatuses.IsActiveAgreement(status) && status != SigningStatus.AwaitingVerification, SigningStatuses.IsInForce(status));
        }
    }

    [Fact]
    public void Rule6_agreed_is_every_status_reached_after_the_student_accepted()
    {
        var notAgreed = new[] { SigningStatus.Invited, SigningStatus.Declined, SigningStatus.Expired, SigningStatus.Withdrawn };
        foreach (var status in Enum.GetValues<SigningStatus>())
            Assert.Equal(!notAgreed.Contains(status), SigningStatuses.IsAgreed(status));
        Assert.All(SigningStatuses.ActiveAgreement, s => Assert.True(SigningStatuses.IsAgreed(s)));
    }

    [Fact]
    public void Rule9_an_agreement_is_void_only_once_its_termination_is_approved()
    {
        foreach (var status in Enum.GetValues<SigningStatus>())
        {
            Assert.Equal(status == SigningStatus.Terminated, SigningStatuses.IsVoid(status));
            Assert.Equal(status == SigningStatus.Terminated, SigningWith(status, Deadline).IsVoid);
            Assert.Equal(status == SigningStatus.Terminated, SigningStatuses.Void.Contains(status));
        }
    }

    [Theory]
    [InlineData(2026, 8, 31, 2026)]
    [InlineData(2026, 9, 1, 2027)]
    [InlineData(2026, 11, 27, 2027)]
    [InlineData(2027, 1, 1, 2027)]
    public void Rule2_current_graduation_year_is_next_years_class_from_September(int year, int month, int day, int expected)
    {
        Assert.Equal(expected, GraduationYear.Current(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Rule2_current_graduation_year_follows_the_China_date()
    {
        // 2026-08-31 17:00 UTC is already 09-01 in China: the 2027 class signs.
        Assert.Equal(2027, GraduationYear.Current(new FakeClock(new DateTimeOffset(2026, 8, 31, 17, 0, 0, TimeSpan.Zero))));
        Assert.Equal(2026, GraduationYear.Current(new FakeClock(new DateTimeOffset(2026, 8, 31, 15, 0, 0, TimeSpan.Zero))));
    }

    [Theory]
    [InlineData(false, false, false, Signing.NoResidencyMessage)]
    [InlineData(false, true, true, Signing.NoResidencyMessage)]
    [InlineData(true, true, false, SendListEntry.AlreadyInListMessage)]
    [InlineData(true, true, true, SendListEntry.AlreadyInListMessage)]
    [InlineData(true, false, true, Signing.StudentHasActiveAgreementMessage)]
    [InlineData(true, false, false, null)]
    public void Rule3_send_list_takes_a_student_once_only_with_residency_and_no_active_agreement(bool resident, bool inList, bool active, string? expected)
    {
        Assert.Equal(expected, SendListEntry.WhyCannotAdd(new SendListFacts(resident, inList, active)));
    }

    [Theory]
    [InlineData(SigningStatus.TerminationRequested, TerminationParty.Student, 11, true)]
    [InlineData(SigningStatus.TerminationRequested, TerminationParty.Employer, 11, false)] // awaits the student
    [InlineData(SigningStatus.TerminationRequested, TerminationParty.Student, 12, false)]  // another employer's
    [InlineData(SigningStatus.TerminationAwaitingVerification, TerminationParty.Student, 11, false)]
    [InlineData(SigningStatus.Effective, null, 11, false)]
    public void Rule7_a_students_termination_request_awaits_only_its_employer(SigningStatus status, TerminationParty? by, int employerId, bool listed)
    {
        var signing = SigningWith(status, Deadline);
        typeof(Signing).GetProperty(nameof(Signing.EmployerId))!.SetValue(signing, employerId);
        typeof(Signing).GetProperty(nameof(Signing.TerminationRequestedBy))!.SetValue(signing, by);
        Assert.Equal(listed, PendingCounts.EmployerStudentRequests(11).Compile()(signing));
    }

    /// <summary>A signing with only Status and Deadline set (private setters: reflection, test only).</summary>
    private static Signing SigningWith(SigningStatus status, DateTimeOffset deadline)
    {
        var s = (Signing)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(Signing));
        typeof(Signing).GetProperty(nameof(Signing.Status))!.SetValue(s, status);
        typeof(Signing).GetProperty(nameof(Signing.Deadline))!.SetValue(s, deadline);
        return s;
    }
}
