using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Domain.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Signings;

/// <summary>
/// The one table of side effects (<see cref="SigningEffects"/>) against every transition the domain can make: each has a
/// row, each person's act is audited and told to the other side, and nothing is sent to the one who acted.
/// </summary>
public sealed class SigningEffectsTests
{
    private static readonly SigningParties Parties = new("武汉光谷软件有限公司", "hr@example.cn", "张三", "zhangsan@example.cn", "武汉大学");

    /// <summary>Every change the domain allows, from every state, by every actor: (scenario, act, role, the change).</summary>
    private static IEnumerable<(Scenario Scenario, Act Act, Role Role, SigningChanged Change)> EveryChange()
    {
        foreach (var scenario in Enum.GetValues<Scenario>())
        foreach (var act in Enum.GetValues<Act>())
        foreach (var role in Enum.GetValues<Role>())
        {
            var (s, now) = SigningTestData.Build(scenario);
            try
            {
                SigningTestData.Perform(s, act, SigningTestData.ActorFor(role), now);
            }
            catch (DomainException)
            {
                continue;
            }
            yield return (scenario, act, role, Assert.Single(s.DomainEvents));
        }
    }

    [Fact]
    public void Every_transition_the_domain_allows_has_a_row_in_the_table_of_effects()
    {
        var changes = EveryChange().ToList();
        // Every transition method is reachable, so the table is checked against all of them, and the invitation too.
        Assert.Equal(Enum.GetValues<Act>().Length, changes.Select(c => c.Act).Distinct().Count());
        var invitation = SigningEffects.Of(Assert.Single(SigningTestData.NewInvited().DomainEvents), Parties);
        Assert.Equal(RecipientKind.Student, Assert.Single(invitation.Messages).To);
        foreach (var (scenario, act, role, change) in changes)
        {
            var effect = SigningEffects.Of(change, Parties);
            Assert.NotNull(effect);
            Assert.True(effect.Messages.All(m => m.Title.Length > 0 && m.Body.Length > 0 && m.Link.StartsWith('/')),
                $"{scenario} {act} by {role}: every message has a title, a text and a link");
        }
    }

    [Fact]
    public void Every_act_of_a_person_on_a_signing_is_audited_and_told_to_someone_else()
    {
        foreach (var (scenario, act, role, change) in EveryChange())
        {
            var effect = SigningEffects.Of(change, Parties);
            if (change.Actor.Kind == ActorKind.System)
            {
                Assert.Null(effect.AuditAction);
                continue;
            }
            Assert.False(string.IsNullOrEmpty(effect.AuditAction), $"{scenario} {act} by {role} is audited");
            Assert.NotEmpty(effect.Messages);
            var own = change.Actor.Kind switch
            {
                ActorKind.Employer => RecipientKind.Employer,
                ActorKind.Student => RecipientKind.Student,
                _ => RecipientKind.School,
            };
            Assert.DoesNotContain(effect.Messages, m => m.To == own);
        }
    }

    [Fact]
    public void A_withdrawal_tells_the_student_and_links_to_the_invitation()
    {
        var (s, now) = SigningTestData.Build(Scenario.Invited);
        s.Withdraw(SigningTestData.Employer, now);
        var effect = SigningEffects.Of(Assert.Single(s.DomainEvents), Parties);
        var message = Assert.Single(effect.Messages);
        Assert.Equal(RecipientKind.Student, message.To);
        Assert.Equal(SigningEffects.WithdrawnTitle, message.Title);
        Assert.Contains("武汉光谷软件有限公司已撤回", message.Body, StringComparison.Ordinal);
        Assert.Equal(SigningEffects.InvitationLink(s.Id), message.Link);
    }

    [Fact]
    public void An_agreed_termination_goes_to_the_school_and_to_the_side_that_asked()
    {
        foreach (var (scenario, asker) in new[] { (Scenario.TerminationRequestedByStudent, RecipientKind.Student), (Scenario.TerminationRequestedByEmployer, RecipientKind.Employer) })
        {
            var (s, now) = SigningTestData.Build(scenario);
            var counterparty = asker == RecipientKind.Student ? SigningTestData.Employer : SigningTestData.Student;
            s.AgreeTermination(counterparty, now);
            var effect = SigningEffects.Of(Assert.Single(s.DomainEvents), Parties);
            Assert.Equal([asker, RecipientKind.School], effect.Messages.Select(m => m.To).ToArray());
            Assert.Equal(SigningEffects.SchoolTerminationsLink, effect.Messages[1].Link);
        }
    }

    [Fact]
    public void Only_the_one_signing_path_dispatches_and_clears_a_signings_changes()
    {
        var src = Path.Combine(RepositoryPaths.Root, "src");
        var callers = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(".ClearEvents()", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Equal(["SigningCommands.cs"], callers);
    }
}
