using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>The manual's lists (issue #19): 流程追踪 newest first, 待办 counts equal to the lists they open, 已签约成功学生列表.</summary>
public sealed class ManualListsTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PortalFactory portal;
    private Given given = default!;

    public ManualListsTests()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock);
    }

    public async Task InitializeAsync() => given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private EmployerSigningListService Lists => portal.Services.GetRequiredService<EmployerSigningListService>();

    private async Task<List<int>> IdsAsync(DataTab tab) =>
        (await Lists.ListAsync(given.EmployerUser, tab, new(), new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();

    [Fact]
    public async Task Process_trail_lists_the_newest_entry_first()
    {
        var id = await given.Invites().Reaching(SigningState.Terminated);
        var detail = await portal.Services.GetRequiredService<SigningDetailService>().GetAsync(given.EmployerUser, id);

        Assert.Equal(
            [TrailActions.ApproveTermination, TrailActions.AgreeTermination, TrailActions.StudentRequestsTermination,
             TrailActions.ApproveVerification, TrailActions.Accept, TrailActions.Invite],
            detail!.Trail.Select(t => t.Action));
        Assert.True(detail.Trail.Zip(detail.Trail.Skip(1)).All(p => p.First.At >= p.Second.At));
    }

    [Fact]
    public async Task Termination_todo_count_and_the_pending_termination_tab_are_the_same_set()
    {
        var mine = await given.Invites().Reaching(SigningState.TerminationRequestedByEmployer);
        var theirs = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await given.Invites().Reaching(SigningState.Effective);
        await given.Invites().Reaching(SigningState.TerminationAwaitingVerification);

        var counts = await portal.Services.GetRequiredService<PendingCountsService>().GetAsync(given.EmployerUser);
        var listed = await IdsAsync(DataTab.TerminationPending);

        Assert.Equal(counts.EmployerTermination, listed.Count);
        Assert.Equal(new[] { mine, theirs }.Order(), listed.Order());
    }

    [Fact]
    public async Task Termination_menu_badge_and_the_student_requests_tab_are_the_same_set()
    {
        await given.Invites().Reaching(SigningState.TerminationRequestedByEmployer); // awaits the student: not in the employer's list
        var theirs = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await given.Invites().Reaching(SigningState.TerminationAwaitingVerification);

        var counts = await portal.Services.GetRequiredService<PendingCountsService>().GetAsync(given.EmployerUser);
        var listed = (await Lists.ListAsync(given.EmployerUser, TerminationTab.StudentRequests, new(), new PageRequest(Size: 100)))
            .Items.Select(r => r.Id).ToList();

        Assert.Equal(1, counts.EmployerStudentRequests);
        Assert.Equal([theirs], listed);
    }

    [Fact]
    public async Task Signing_todo_count_and_the_awaiting_response_tab_are_the_same_set()
    {
        var open = await given.Invites().Reaching(SigningState.Invited);
        await given.Invites().Reaching(SigningState.InvitedPastDeadline);
        await given.Invites().Reaching(SigningState.AwaitingVerification);

        var counts = await portal.Services.GetRequiredService<PendingCountsService>().GetAsync(given.EmployerUser);
        Assert.Equal(1, counts.EmployerSigning);
        Assert.Equal([open], await IdsAsync(DataTab.AwaitingResponse));
    }

    [Fact]
    public async Task Signed_successfully_list_leaves_out_agreements_whose_student_asked_to_terminate()
    {
        var plain = await given.Invites().Reaching(SigningState.Effective);
        var askedThenRefused = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await using (var db = given.NewDb())
        {
            var s = (await SigningStore.LoadAsync(db, askedThenRefused))!;
            s.RejectTermination(Actor.Employer(given.EmployerId, given.EmployerName), "不同意", clock.GetUtcNow().AddMinutes(30));
            await db.SaveOrConflictAsync();
        }

        var listed = (await Lists.ListAsync(given.EmployerUser, TerminationTab.EffectiveAgreements, new(), new PageRequest(Size: 100)))
            .Items.Select(r => r.Id).ToList();

        Assert.Equal([plain], listed);
        Assert.Contains(askedThenRefused, await IdsAsync(DataTab.Responded)); // still an effective agreement in 数据管理
    }
}
