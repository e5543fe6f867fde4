using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using Xunit.Abstractions;
using static WllmSign.Tests.Domain.Signings.SigningTestData;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>
/// Hundreds of random actions by random actors over a fake clock, across a few students, employers and
/// schools. The harness supplies the database facts honestly from its own list of signings, as the
/// portal would; after every step the invariants of the lifecycle must hold.
/// </summary>
public class SigningRandomizedTests(ITestOutputHelper output)
{
    private const int Steps = 800;

    private static readonly Dictionary<int, string> SchoolCodes = new() { [1] = "10486", [2] = "10487" };
    private static readonly (int Id, int SchoolId)[] Students = [(1, 1), (2, 2), (3, 1), (4, 2), (5, 1)];
    private static readonly int[] Employers = [1, 2, 3];

    /// <summary>Employer 3 never got in at school 2.</summary>
    private static bool ResidencyApproved(int employerId, int schoolId) => !(employerId == 3 && schoolId == 2);

    private static Actor EmployerActor(int id) => Actor.Employer(id, $"测试单位{id}");
    private static Actor AdminActor(int schoolId) => Actor.SchoolAdmin(schoolId, $"admin{schoolId}");

    private static readonly Actor[] Everyone =
    [
        .. Students.Select(s => Actor.Student(s.Id)),
        .. Employers.Select(EmployerActor),
        .. SchoolCodes.Keys.Select(AdminActor),
        Actor.System,
    ];

    private static readonly string?[] Remarks =
    [
        null, "", "   ", "个人原因", "材料不全", string.Concat(Enumerable.Repeat("𠮷", 200)),
        string.Concat(Enumerable.Repeat("𠮷", 201)), new string('字', 201),
    ];

    private sealed record TrailLine(string ActorName, DateTimeOffset At, string Action, string? Remark);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(20260510)]
    public void Random_actions_keep_the_invariants(int seed)
    {
        var rng = new Random(seed);
        var clock = new FakeClock(T0);
        var signings = new List<Signing>();
        var statusesSeen = new HashSet<SigningStatus>();
        var successes = 0;

        for (var step = 0; step < Steps; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(rng.Next(0, 6 * 60)));
            var now = clock.GetUtcNow();

            var snapshots = signings.Select(Snapshot).ToList();
            var trails = signings.Select(s => s.Trail.ToList()).ToList();
            var lines = signings.Select(s => s.Trail.Select(e => new TrailLine(e.ActorName, e.At, e.Action, e.Remark)).ToList()).ToList();
            var statuses = signings.Select(s => s.Status).ToList();
            var versions = signings.Select(s => s.Version).ToList();

            int? target = null;
            bool succeeded;
            if (signings.Count == 0 || rng.NextDouble() < 0.3)
            {
                succeeded = TryInvite(rng, signings, now);
            }
            else
            {
                // Mostly aim at a signing that can still move, so that every state is reached.
                var live = Enumerable.Range(0, signings.Count).Where(i => !SigningStatuses.IsTerminal(signings[i].Status)).ToList();
                target = live.Count > 0 && rng.NextDouble() < 0.8 ? live[rng.Next(live.Count)] : rng.Next(signings.Count);
                succeeded = TryAct(rng, signings, signings[target.Value], now);
            }
            if (succeeded) successes++;

            var context = $"seed {seed}, step {step}";
            for (var i = 0; i < snapshots.Count; i++)
            {
                var s = signings[i];
                if (i == target && succeeded)
                {
                    Assert.False(SigningStatuses.IsTerminal(statuses[i]), $"{context}: a terminal signing changed");
                    Assert.NotEqual(versions[i], s.Version);
                    Assert.Equal(trails[i].Count + 1, s.Trail.Count);
                    Assert.Single(s.DomainEvents);
                }
                else
                {
                    Assert.True(snapshots[i] == Snapshot(s), $"{context}: signing {i} changed although the action was refused or aimed elsewhere");
                }
                // The trail only grows and its entries never change.
                Assert.Equal(trails[i], s.Trail.Take(trails[i].Count));
                Assert.Equal(lines[i], s.Trail.Take(lines[i].Count).Select(e => new TrailLine(e.ActorName, e.At, e.Action, e.Remark)));
            }
            if (target is null && succeeded)
            {
                Assert.Equal(snapshots.Count + 1, signings.Count);
                Assert.Single(signings[^1].Trail);
            }

            // At most one active agreement per student.
            foreach (var (id, _) in Students)
                Assert.True(signings.Count(s => s.StudentId == id && SigningStatuses.IsActiveAgreement(s.Status)) <= 1,
                    $"{context}: student {id} holds two active agreements");

            // At most one open invitation per employer and student.
            Assert.DoesNotContain(signings.Where(s => s.EffectiveStatus(now) == SigningStatus.Invited)
                .GroupBy(s => (s.EmployerId, s.StudentId)), g => g.Count() > 1);

            // Agreement numbers are unique, and only agreements that were verified have one.
            var numbers = signings.Where(s => s.AgreementNumber is not null).Select(s => s.AgreementNumber).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
            Assert.All(signings, s => Assert.Equal(s.Status is SigningStatus.Effective or SigningStatus.TerminationRequested
                or SigningStatus.TerminationAwaitingVerification or SigningStatus.Terminated, s.AgreementNumber is not null));

            foreach (var s in signings)
            {
                statusesSeen.Add(s.Status);
                s.ClearEvents();
            }
        }

        output.WriteLine($"seed {seed}: {signings.Count} signings, {successes} successful actions of {Steps}; " +
            string.Join(", ", signings.GroupBy(s => s.Status).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Equal(Enum.GetValues<SigningStatus>().Order(), statusesSeen.Order());
        Assert.True(successes >= Steps / 8, $"only {successes} actions succeeded");
    }

    private static bool TryInvite(Random rng, List<Signing> signings, DateTimeOffset now)
    {
        var employerId = Employers[rng.Next(Employers.Length)];
        var (studentId, ownSchool) = Students[rng.Next(Students.Length)];
        var schoolId = rng.NextDouble() < 0.1 ? 3 - ownSchool : ownSchool;
        var facts = new InvitationFacts
        {
            SigningInfoConfirmed = rng.NextDouble() < 0.95,
            ResidencyApproved = ResidencyApproved(employerId, schoolId),
            StudentBelongsToSchool = schoolId == ownSchool,
            StudentHasActiveAgreement = signings.Any(s => s.StudentId == studentId && SigningStatuses.IsActiveAgreement(s.Status)),
            HasOpenInvitationFromThisEmployer = signings.Any(s => s.EmployerId == employerId && s.StudentId == studentId
                && s.EffectiveStatus(now) == SigningStatus.Invited),
        };
        var today = DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime);
        var draft = Draft();
        draft.FeedbackDays = rng.Next(1, 8);
        draft.ReportDeadline = today.AddDays(90);
        var offer = Offer.Create(draft, today);

        var why = Signing.WhyCannotInvite(facts);
        try
        {
            signings.Add(Signing.Invite(EmployerActor(employerId), studentId, schoolId, Year, offer, facts, now));
            Assert.Null(why);
            return true;
        }
        catch (DomainException ex)
        {
            Assert.Equal(why, ex.Message);
            return false;
        }
    }

    private static bool TryAct(Random rng, List<Signing> signings, Signing s, DateTimeOffset now)
    {
        // Mostly an action that fits the state (by the right or the wrong actor), sometimes any action.
        Act[] fitting = s.EffectiveStatus(now) switch
        {
            SigningStatus.Invited => [Act.Accept, Act.Decline, Act.Withdraw],
            SigningStatus.Expired when s.Status == SigningStatus.Invited => [Act.Expire, Act.Accept],
            SigningStatus.AwaitingVerification => [Act.ApproveVerification, Act.RejectVerification],
            SigningStatus.Effective => [Act.RequestTermination],
            SigningStatus.TerminationRequested => [Act.AgreeTermination, Act.RejectTermination],
            SigningStatus.TerminationAwaitingVerification => [Act.ApproveTermination, Act.RejectTerminationVerification],
            _ => Enum.GetValues<Act>(),
        };
        var act = rng.NextDouble() < 0.7 ? fitting[rng.Next(fitting.Length)] : (Act)rng.Next(Enum.GetValues<Act>().Length);
        Actor Party() => rng.Next(2) == 0 ? Actor.Student(s.StudentId) : EmployerActor(s.EmployerId);
        var actor = rng.NextDouble() < 0.2
            ? Everyone[rng.Next(Everyone.Length)]
            : act switch
            {
                Act.Accept or Act.Decline => Actor.Student(s.StudentId),
                Act.Withdraw => EmployerActor(s.EmployerId),
                Act.Expire => Actor.System,
                Act.ApproveVerification or Act.RejectVerification or Act.ApproveTermination or Act.RejectTerminationVerification
                    => AdminActor(s.SchoolId),
                _ => Party(),
            };
        var remark = Remarks[rng.Next(Remarks.Length)];

        try
        {
            switch (act)
            {
                case Act.Accept:
                    // The fact the portal reads from the database, honestly.
                    var other = signings.Any(o => o != s && o.StudentId == s.StudentId && SigningStatuses.IsActiveAgreement(o.Status));
                    s.Accept(actor, other, now);
                    break;
                case Act.Decline: s.Decline(actor, remark, now); break;
                case Act.Withdraw: s.Withdraw(actor, now); break;
                case Act.Expire: s.Expire(now); break;
                case Act.ApproveVerification:
                    s.ApproveVerification(actor, NextNumber(signings, s), VerificationCode.Generate(), now);
                    break;
                case Act.RejectVerification: s.RejectVerification(actor, remark!, now); break;
                case Act.RequestTermination: s.RequestTermination(actor, remark!, now); break;
                case Act.AgreeTermination: s.AgreeTermination(actor, now); break;
                case Act.RejectTermination: s.RejectTermination(actor, remark, now); break;
                case Act.ApproveTermination: s.ApproveTermination(actor, now); break;
                case Act.RejectTerminationVerification: s.RejectTerminationVerification(actor, remark!, now); break;
                default: throw new ArgumentOutOfRangeException(nameof(act));
            }
            return true;
        }
        catch (DomainException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            return false;
        }
    }

    /// <summary>What the portal does: the highest number issued for the school and year, plus one.</summary>
    private static AgreementNumber NextNumber(List<Signing> signings, Signing s)
    {
        var prefix = AgreementNumber.Prefix(SchoolCodes[s.SchoolId], s.GraduationYear);
        var last = signings.Where(o => o.AgreementNumber?.StartsWith(prefix, StringComparison.Ordinal) == true)
            .Select(o => o.AgreementNumber!).Order(StringComparer.Ordinal).LastOrDefault();
        return last is null ? AgreementNumber.First(SchoolCodes[s.SchoolId], s.GraduationYear) : AgreementNumber.Parse(last).Next();
    }
}
