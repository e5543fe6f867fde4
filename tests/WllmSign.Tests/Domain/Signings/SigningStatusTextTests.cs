using WllmSign.Domain.Signings;
using static WllmSign.Tests.Domain.Signings.SigningTestData;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>docs/rules.md "Status words shown in lists", the 数据管理 tabs and the pending counts.</summary>
public class SigningStatusTextTests
{
    public static TheoryData<Scenario, string, string> Words => new()
    {
        { Scenario.Invited, "待应约", "" },
        { Scenario.InvitedPastDeadline, "已过期", "" },
        { Scenario.Declined, "学生已拒绝", "" },
        { Scenario.Expired, "已过期", "" },
        { Scenario.Withdrawn, "单位已撤回", "" },
        { Scenario.AwaitingVerification, "双方已签约", "待鉴证" },
        { Scenario.VerificationRejected, "双方已签约", "签约鉴证不通过" },
        { Scenario.Effective, "双方已签约", "签约鉴证通过" },
        { Scenario.TerminationRequestedByStudent, "双方已签约", "签约鉴证通过" },
        { Scenario.TerminationRequestedByEmployer, "双方已签约", "签约鉴证通过" },
        { Scenario.TerminationAwaitingVerification, "双方已签约", "解约待鉴证" },
        { Scenario.Terminated, "双方已签约", "解约鉴证通过" },
        { Scenario.EffectiveAfterSchoolRejectedTermination, "双方已签约", "解约鉴证不通过" },
        { Scenario.EffectiveAfterStudentRequestRejected, "双方已签约", "签约鉴证通过" },
    };

    /// <summary>The one tab besides 全部 (and 已应约 for the termination states) each state is listed on.</summary>
    public static TheoryData<Scenario, DataTab?> Tabs => new()
    {
        { Scenario.Invited, DataTab.AwaitingResponse },
        { Scenario.InvitedPastDeadline, null },
        { Scenario.Declined, null },
        { Scenario.Expired, null },
        { Scenario.Withdrawn, null },
        { Scenario.AwaitingVerification, DataTab.Responded },
        { Scenario.VerificationRejected, null },
        { Scenario.Effective, DataTab.Responded },
        { Scenario.TerminationRequestedByStudent, DataTab.TerminationPending },
        { Scenario.TerminationRequestedByEmployer, DataTab.TerminationPending },
        { Scenario.TerminationAwaitingVerification, DataTab.Terminated },
        { Scenario.Terminated, DataTab.Terminated },
        { Scenario.EffectiveAfterSchoolRejectedTermination, DataTab.Responded },
        { Scenario.EffectiveAfterStudentRequestRejected, DataTab.Responded },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public void Each_state_shows_its_response_and_verification_words(Scenario scenario, string response, string verification)
    {
        var (s, now) = Build(scenario);
        Assert.Equal(response, SigningStatusText.ResponseText(s, now));
        Assert.Equal(verification, SigningStatusText.VerificationText(s, now));
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public void Each_state_is_listed_on_All_and_on_the_tab_SPEC_assigns_it(Scenario scenario, DataTab? tab)
    {
        var (s, now) = Build(scenario);
        var expected = new List<DataTab> { DataTab.All };
        if (tab is { } t) expected.Add(t);
        // 已应约 also holds the termination states.
        if (tab is DataTab.TerminationPending or DataTab.Terminated) expected.Add(DataTab.Responded);
        expected.Sort();

        var onTabs = DataTabs.All.Where(x => DataTabs.Contains(x, s, now)).Order().ToList();
        Assert.Equal(expected, onTabs);

        // The database filter agrees with the in-memory predicate.
        var filtered = DataTabs.All.Where(x => DataTabs.Filter(x, now).Compile()(s)).Order().ToList();
        Assert.Equal(expected, filtered);
    }

    [Fact]
    public void Tab_statuses_are_those_of_SPEC()
    {
        Assert.Equal(Enum.GetValues<SigningStatus>(), DataTabs.Statuses(DataTab.All));
        Assert.Equal([SigningStatus.Invited], DataTabs.Statuses(DataTab.AwaitingResponse));
        Assert.Equal(
            [SigningStatus.AwaitingVerification, SigningStatus.Effective, SigningStatus.TerminationRequested,
             SigningStatus.TerminationAwaitingVerification, SigningStatus.Terminated],
            DataTabs.Statuses(DataTab.Responded));
        Assert.Equal([SigningStatus.TerminationRequested], DataTabs.Statuses(DataTab.TerminationPending));
        Assert.Equal([SigningStatus.TerminationAwaitingVerification, SigningStatus.Terminated], DataTabs.Statuses(DataTab.Terminated));
        Assert.True(DataTabs.NeedsOpenDeadline(DataTab.AwaitingResponse));
        Assert.DoesNotContain(DataTabs.All.Where(t => t != DataTab.AwaitingResponse), DataTabs.NeedsOpenDeadline);
    }

    [Fact]
    public void Tabs_have_the_labels_of_the_manual() =>
        Assert.Equal(["全部", "待应约", "已应约", "待解约", "已解约"], DataTabs.All.Select(SigningStatusText.TabLabel));

    [Fact]
    public void Every_status_has_a_name_and_words()
    {
        foreach (var status in Enum.GetValues<SigningStatus>())
        {
            Assert.NotEmpty(SigningStatusText.StatusName(status));
            Assert.NotEmpty(SigningStatusText.ResponseText(status));
            Assert.NotNull(SigningStatusText.VerificationText(status, false));
        }
        Assert.Equal(Enum.GetValues<SigningStatus>().Length,
            Enum.GetValues<SigningStatus>().Select(SigningStatusText.StatusName).Distinct().Count());
    }

    [Fact]
    public void Terminal_states_are_the_five_ends_of_the_diagram()
    {
        Assert.Equal(
            [SigningStatus.Declined, SigningStatus.Expired, SigningStatus.Withdrawn, SigningStatus.VerificationRejected, SigningStatus.Terminated],
            Enum.GetValues<SigningStatus>().Where(SigningStatuses.IsTerminal));
        Assert.Equal(SigningStatuses.Terminal, Enum.GetValues<SigningStatus>().Where(SigningStatuses.IsTerminal));
    }

    public static TheoryData<Scenario, string[]> Pending => new()
    {
        { Scenario.Invited, ["employer-signing", "student-invitations"] },
        { Scenario.InvitedPastDeadline, [] },
        { Scenario.Declined, [] },
        { Scenario.Expired, [] },
        { Scenario.Withdrawn, [] },
        { Scenario.AwaitingVerification, ["school-signing"] },
        { Scenario.VerificationRejected, [] },
        { Scenario.Effective, [] },
        { Scenario.TerminationRequestedByStudent, ["employer-termination", "employer-student-requests"] },
        { Scenario.TerminationRequestedByEmployer, ["employer-termination", "student-terminations"] },
        { Scenario.TerminationAwaitingVerification, ["school-termination"] },
        { Scenario.Terminated, [] },
        { Scenario.EffectiveAfterSchoolRejectedTermination, [] },
        { Scenario.EffectiveAfterStudentRequestRejected, [] },
    };

    [Theory]
    [MemberData(nameof(Pending))]
    public void Pending_counts_follow_SPEC(Scenario scenario, string[] counted)
    {
        var (s, now) = Build(scenario);
        var counts = new Dictionary<string, Func<Signing, bool>>
        {
            ["employer-signing"] = PendingCounts.EmployerSigning(EmployerId, now).Compile(),
            ["employer-termination"] = PendingCounts.EmployerTermination(EmployerId).Compile(),
            ["employer-student-requests"] = PendingCounts.EmployerStudentRequests(EmployerId).Compile(),
            ["student-invitations"] = PendingCounts.StudentInvitations(StudentId, now).Compile(),
            ["student-terminations"] = PendingCounts.StudentTerminations(StudentId).Compile(),
            ["school-signing"] = PendingCounts.SchoolSigningVerifications(SchoolId).Compile(),
            ["school-termination"] = PendingCounts.SchoolTerminationVerifications(SchoolId).Compile(),
        };
        Assert.Equal(counted.Order(StringComparer.Ordinal), counts.Where(c => c.Value(s)).Select(c => c.Key).Order(StringComparer.Ordinal));

        // Nobody else's badge counts it.
        Assert.False(PendingCounts.EmployerSigning(OtherEmployerId, now).Compile()(s));
        Assert.False(PendingCounts.EmployerTermination(OtherEmployerId).Compile()(s));
        Assert.False(PendingCounts.EmployerStudentRequests(OtherEmployerId).Compile()(s));
        Assert.False(PendingCounts.StudentInvitations(OtherStudentId, now).Compile()(s));
        Assert.False(PendingCounts.StudentTerminations(OtherStudentId).Compile()(s));
        Assert.False(PendingCounts.SchoolSigningVerifications(OtherSchoolId).Compile()(s));
        Assert.False(PendingCounts.SchoolTerminationVerifications(OtherSchoolId).Compile()(s));
    }
}

/// <summary>The query filters stay plain enough for a LINQ provider to translate.</summary>
public class SigningQueryFilterTests
{
    private sealed class MethodCollector : System.Linq.Expressions.ExpressionVisitor
    {
        public List<System.Reflection.MethodInfo> Methods { get; } = [];

        protected override System.Linq.Expressions.Expression VisitMethodCall(System.Linq.Expressions.MethodCallExpression node)
        {
            Methods.Add(node.Method);
            return base.VisitMethodCall(node);
        }

        protected override System.Linq.Expressions.Expression VisitUnary(System.Linq.Expressions.UnaryExpression node)
        {
            if (node.Method is not null) Methods.Add(node.Method);
            return base.VisitUnary(node);
        }
    }

    [Fact]
    public void Filters_use_no_span_overloads()
    {
        var now = SigningTestData.T0;
        var filters = DataTabs.All.Select(t => DataTabs.Filter(t, now))
            .Append(SigningStatuses.ActiveAgreementOf(1))
            .Append(SigningStatuses.OpenInvitation(1, 1, now))
            .Append(SigningStatuses.DueToExpire(now))
            .Append(PendingCounts.EmployerSigning(1, now))
            .Append(PendingCounts.EmployerTermination(1))
            .Append(PendingCounts.StudentInvitations(1, now))
            .Append(PendingCounts.StudentTerminations(1))
            .Append(PendingCounts.SchoolSigningVerifications(1))
            .Append(PendingCounts.SchoolTerminationVerifications(1));
        foreach (var f in filters)
        {
            var c = new MethodCollector();
            c.Visit(f);
            Assert.All(c.Methods, m => Assert.True(m.DeclaringType == typeof(Enumerable), $"{m.DeclaringType}.{m.Name} in {f}"));
        }
    }
}
