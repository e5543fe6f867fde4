using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using static WllmSign.Tests.Domain.Signings.SigningTestData;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>
/// Every (state × action × actor): the allowed ones reach the right state with the right trail entry
/// and event; every other one throws its Chinese message and changes nothing.
/// </summary>
public class SigningTransitionTableTests
{
    private sealed record Outcome(SigningStatus To, string Action, string? Remark);

    private static readonly Dictionary<(Scenario, Act, Role), Outcome> Allowed = new()
    {
        [(Scenario.Invited, Act.Accept, Role.TheStudent)] = new(SigningStatus.AwaitingVerification, TrailActions.Accept, null),
        [(Scenario.Invited, Act.Decline, Role.TheStudent)] = new(SigningStatus.Declined, TrailActions.Decline, DeclineReason),
        [(Scenario.Invited, Act.Withdraw, Role.TheEmployer)] = new(SigningStatus.Withdrawn, TrailActions.Withdraw, null),
        [(Scenario.InvitedPastDeadline, Act.Expire, Role.System)] = new(SigningStatus.Expired, TrailActions.Expire, null),
        [(Scenario.AwaitingVerification, Act.ApproveVerification, Role.OwnSchoolAdmin)] = new(SigningStatus.Effective, TrailActions.ApproveVerification, null),
        [(Scenario.AwaitingVerification, Act.RejectVerification, Role.OwnSchoolAdmin)] = new(SigningStatus.VerificationRejected, TrailActions.RejectVerification, VerificationRemark),
        [(Scenario.Effective, Act.RequestTermination, Role.TheStudent)] = new(SigningStatus.TerminationRequested, TrailActions.StudentRequestsTermination, TerminationReason),
        [(Scenario.Effective, Act.RequestTermination, Role.TheEmployer)] = new(SigningStatus.TerminationRequested, TrailActions.EmployerRequestsTermination, TerminationReason),
        [(Scenario.EffectiveAfterSchoolRejectedTermination, Act.RequestTermination, Role.TheEmployer)] = new(SigningStatus.TerminationRequested, TrailActions.EmployerRequestsTermination, TerminationReason),
        [(Scenario.EffectiveAfterStudentRequestRejected, Act.RequestTermination, Role.TheEmployer)] = new(SigningStatus.TerminationRequested, TrailActions.EmployerRequestsTermination, TerminationReason),
        [(Scenario.TerminationRequestedByStudent, Act.AgreeTermination, Role.TheEmployer)] = new(SigningStatus.TerminationAwaitingVerification, TrailActions.AgreeTermination, null),
        [(Scenario.TerminationRequestedByStudent, Act.RejectTermination, Role.TheEmployer)] = new(SigningStatus.Effective, TrailActions.RejectTermination, TerminationAnswer),
        [(Scenario.TerminationRequestedByEmployer, Act.AgreeTermination, Role.TheStudent)] = new(SigningStatus.TerminationAwaitingVerification, TrailActions.AgreeTermination, null),
        [(Scenario.TerminationRequestedByEmployer, Act.RejectTermination, Role.TheStudent)] = new(SigningStatus.Effective, TrailActions.RejectTermination, TerminationAnswer),
        [(Scenario.TerminationAwaitingVerification, Act.ApproveTermination, Role.OwnSchoolAdmin)] = new(SigningStatus.Terminated, TrailActions.ApproveTermination, null),
        [(Scenario.TerminationAwaitingVerification, Act.RejectTerminationVerification, Role.OwnSchoolAdmin)] = new(SigningStatus.Effective, TrailActions.RejectTerminationVerification, TerminationVerificationRemark),
    };

    public static IEnumerable<object[]> Combinations()
    {
        foreach (var scenario in Enum.GetValues<Scenario>())
        foreach (var act in Enum.GetValues<Act>())
        foreach (var role in Enum.GetValues<Role>())
        {
            // Expire takes no actor: the system is the only one who calls it.
            if (act == Act.Expire && role != Role.System) continue;
            yield return [scenario, act, role];
        }
    }

    [Fact]
    public void Every_allowed_combination_is_in_the_table_of_combinations()
    {
        var all = Combinations().Select(c => ((Scenario)c[0], (Act)c[1], (Role)c[2])).ToHashSet();
        Assert.All(Allowed.Keys, k => Assert.Contains(k, all));
        Assert.Equal(Enum.GetValues<Scenario>().Length * (Enum.GetValues<Act>().Length - 1) * Enum.GetValues<Role>().Length
            + Enum.GetValues<Scenario>().Length, all.Count);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void State_action_actor(Scenario scenario, Act act, Role role)
    {
        var (s, now) = Build(scenario);
        var actor = ActorFor(role);
        var before = Snapshot(s);
        var version = s.Version;
        var trailCount = s.Trail.Count;
        var from = s.Status;

        if (Allowed.TryGetValue((scenario, act, role), out var outcome))
        {
            Perform(s, act, actor, now);

            Assert.Equal(outcome.To, s.Status);
            Assert.NotEqual(version, s.Version);
            Assert.Equal(trailCount + 1, s.Trail.Count);
            var entry = s.Trail[^1];
            Assert.Equal(outcome.Action, entry.Action);
            Assert.Equal(actor.DisplayName, entry.ActorName);
            Assert.Equal(outcome.Remark, entry.Remark);
            Assert.Equal(act == Act.Expire ? s.Deadline : now, entry.At);
            var e = Assert.Single(s.DomainEvents);
            Assert.Same(s, e.Signing);
            Assert.Equal(from, e.From);
            Assert.Equal(outcome.To, e.To);
            Assert.Equal(outcome.Action, e.Action);
            Assert.Equal(actor, e.Actor);
        }
        else
        {
            var ex = Assert.Throws<DomainException>(() => Perform(s, act, actor, now));
            Assert.Equal(ExpectedRefusal(s, scenario, act, role), ex.Message);
            Assert.Equal(before, Snapshot(s));
            Assert.Empty(s.DomainEvents);
        }
    }

    private static string Verb(Act act) => act switch
    {
        Act.Accept => "同意签约",
        Act.Decline => "拒绝签约",
        Act.Withdraw => "撤回邀约",
        Act.Expire => "标记为过期",
        Act.ApproveVerification or Act.RejectVerification => "鉴证",
        Act.RequestTermination => "申请解约",
        Act.AgreeTermination => "同意解约",
        Act.RejectTermination => "拒绝解约",
        Act.ApproveTermination or Act.RejectTerminationVerification => "鉴证解约",
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    private static SigningStatus Required(Act act) => act switch
    {
        Act.Accept or Act.Decline or Act.Withdraw or Act.Expire => SigningStatus.Invited,
        Act.ApproveVerification or Act.RejectVerification => SigningStatus.AwaitingVerification,
        Act.RequestTermination => SigningStatus.Effective,
        Act.AgreeTermination or Act.RejectTermination => SigningStatus.TerminationRequested,
        Act.ApproveTermination or Act.RejectTerminationVerification => SigningStatus.TerminationAwaitingVerification,
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    /// <summary>The message each refusal must carry: who may act first, then expiry, then the state, then the rule.</summary>
    private static string ExpectedRefusal(Signing s, Scenario scenario, Act act, Role role)
    {
        var status = StoredStatus(scenario);
        var wrongState = $"该签约当前状态为“{SigningStatusText.StatusName(status)}”，不能{Verb(act)}";
        var isParty = role is Role.TheStudent or Role.TheEmployer;

        if (act == Act.Expire)
            return status != SigningStatus.Invited ? wrongState : "该邀约尚在反馈期内，不能标记为过期";

        string? actorRefusal = act switch
        {
            Act.Accept or Act.Decline => role == Role.TheStudent ? null : Signing.NotTheStudentMessage,
            Act.Withdraw => role == Role.TheEmployer ? null : "只有发出邀约的单位才能撤回邀约",
            Act.ApproveVerification or Act.RejectVerification or Act.ApproveTermination or Act.RejectTerminationVerification =>
                role == Role.OwnSchoolAdmin ? null : Signing.NotTheSchoolMessage,
            Act.RequestTermination => isParty ? null : Signing.NotAPartyMessage,
            Act.AgreeTermination or Act.RejectTermination =>
                !isParty ? Signing.NotAPartyMessage
                : (scenario == Scenario.TerminationRequestedByStudent && role == Role.TheStudent)
                  || (scenario == Scenario.TerminationRequestedByEmployer && role == Role.TheEmployer) ? Signing.OwnRequestMessage
                : null,
            _ => null,
        };
        if (actorRefusal is not null) return actorRefusal;
        if (scenario == Scenario.InvitedPastDeadline) return s.ExpiredMessage();
        if (status != Required(act)) return wrongState;
        if (act == Act.RequestTermination && role == Role.TheStudent
            && scenario is Scenario.EffectiveAfterSchoolRejectedTermination or Scenario.EffectiveAfterStudentRequestRejected)
            return Signing.TerminationChanceSpentMessage;
        throw new InvalidOperationException($"No refusal expected for {scenario} {act} {role}");
    }
}
