using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.DataCenter.Terminations;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>The employer's side of 解约 on real SQLite: request once, reason length, agree / reject / 暂不处理, notifications.</summary>
public sealed class EmployerTerminationTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PortalFactory portal;
    private Given given = default!;
    private readonly List<LiveChange> published = [];

    public EmployerTerminationTests()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
    }

    public async Task InitializeAsync()
    {
        given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
        portal.Services.GetRequiredService<LiveNotifier>().Changed += published.Add;
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private EmployerTerminationService Terminations => portal.Services.GetRequiredService<EmployerTerminationService>();
    private EmployerSigningListService Lists => portal.Services.GetRequiredService<EmployerSigningListService>();

    private async Task<int> WithStudentEmailAsync(SigningState state)
    {
        var student = given.NextStudent();
        await using (var db = given.NewDb())
        {
            var s = await db.Students.SingleAsync(x => x.Id == student);
            s.SetContact(s.PoliticalStatus, s.Phone, $"s{student}@stu.test", s.Address);
            await db.SaveChangesAsync();
        }
        return await given.Invites(student).Reaching(state);
    }

    private async Task<(List<Notification> Inbox, List<OutboxEmail> Mail)> NotificationsAsync()
    {
        await using var db = given.NewDb();
        return (await db.Notifications.ToListAsync(), await db.Outbox.ToListAsync());
    }

    [Fact]
    public async Task Employer_request_moves_the_agreement_to_pending_and_notifies_the_student()
    {
        var id = await WithStudentEmailAsync(SigningState.Effective);

        await Terminations.RequestAsync(given.EmployerUser, id, "公司业务调整，岗位取消");

        var s = await given.LoadAsync(id);
        Assert.Equal(SigningStatus.TerminationRequested, s.Status);
        Assert.Equal(TerminationParty.Employer, s.TerminationRequestedBy);
        Assert.Equal((given.EmployerName, TrailActions.EmployerRequestsTermination, "公司业务调整，岗位取消"),
            (s.Trail[^1].ActorName, s.Trail[^1].Action, s.Trail[^1].Remark));
        var (inbox, mail) = await NotificationsAsync();
        var note = Assert.Single(inbox);
        Assert.Equal((RecipientKind.Student, s.StudentId, "单位申请解约"), (note.RecipientKind, note.RecipientId, note.Title));
        Assert.Contains("公司业务调整，岗位取消", note.Body);
        Assert.Equal($"s{s.StudentId}@stu.test", Assert.Single(mail).ToAddress);
        Assert.Contains(id, await IdsAsync(DataTab.TerminationPending));
        Assert.DoesNotContain(id, await IdsAsync(TerminationTab.EffectiveAgreements));
        Assert.Contains(published, c => c.EmployerIds.Contains(given.EmployerId) && c.StudentIds.Contains(s.StudentId) && c.SchoolIds.Contains(s.SchoolId));
    }

    [Fact]
    public async Task Employer_may_request_termination_only_once()
    {
        var id = await given.Invites().Reaching(SigningState.Effective);
        await Terminations.RequestAsync(given.EmployerUser, id, "岗位调整");
        await using (var db = given.NewDb())
        {
            var s = (await SigningStore.LoadAsync(db, id))!;
            s.RejectTermination(Actor.Student(s.StudentId), "不同意", clock.GetUtcNow());
            await db.SaveOrConflictAsync();
        }

        var row = (await Lists.ListAsync(given.EmployerUser, TerminationTab.EffectiveAgreements, new(), new())).Items.Single(r => r.Id == id);
        Assert.Equal(Signing.TerminationChanceSpentMessage, row.CannotRequestTerminationReason);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Terminations.RequestAsync(given.EmployerUser, id, "再次申请"));
        Assert.Equal(Signing.TerminationChanceSpentMessage, ex.Message);
        var after = await given.LoadAsync(id);
        Assert.Equal(SigningStatus.Effective, after.Status);
        Assert.Single(after.Trail, t => t.Action == TrailActions.EmployerRequestsTermination);
    }

    [Fact]
    public async Task A_fresh_effective_agreement_may_be_asked_to_end()
    {
        var id = await given.Invites().Reaching(SigningState.Effective);
        var row = (await Lists.ListAsync(given.EmployerUser, TerminationTab.EffectiveAgreements, new(), new())).Items.Single(r => r.Id == id);
        Assert.Null(row.CannotRequestTerminationReason);
    }

    [Fact]
    public async Task Reason_over_200_characters_is_refused_and_nothing_changes()
    {
        var id = await WithStudentEmailAsync(SigningState.Effective);
        var before = await given.LoadAsync(id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Terminations.RequestAsync(given.EmployerUser, id, new string('因', 201)));

        Assert.Equal("解除原因不能超过200个字", ex.Message);
        var after = await given.LoadAsync(id);
        Assert.Equal((SigningStatus.Effective, before.Trail.Count, false, before.Version), (after.Status, after.Trail.Count, after.EmployerTerminationUsed, after.Version));
        var (inbox, mail) = await NotificationsAsync();
        Assert.Empty(inbox);
        Assert.Empty(mail);
        Assert.Empty(published);
    }

    [Fact]
    public async Task Reason_of_200_characters_outside_the_basic_plane_is_accepted()
    {
        var id = await given.Invites().Reaching(SigningState.Effective);
        var reason = string.Concat(Enumerable.Repeat("𠮷", 200)); // 400 UTF-16 units, 200 characters
        await Terminations.RequestAsync(given.EmployerUser, id, reason);
        Assert.Equal(reason, (await given.LoadAsync(id)).TerminationReason);
    }

    [Fact]
    public async Task Agreeing_to_the_students_request_sends_it_to_the_school_and_tells_the_student()
    {
        var id = await WithStudentEmailAsync(SigningState.TerminationRequestedByStudent);

        var request = await Terminations.GetStudentRequestAsync(given.EmployerUser, id);
        Assert.Equal(Given.TerminationReason, request!.Reason);
        await Terminations.AgreeAsync(given.EmployerUser, id);

        var s = await given.LoadAsync(id);
        Assert.Equal(SigningStatus.TerminationAwaitingVerification, s.Status);
        Assert.Equal(TrailActions.AgreeTermination, s.Trail[^1].Action);
        var (inbox, mail) = await NotificationsAsync();
        Assert.Contains(inbox, n => n.RecipientKind == RecipientKind.Student && n.RecipientId == s.StudentId && n.Title == "单位已同意解约");
        Assert.Contains(inbox, n => n.RecipientKind == RecipientKind.School && n.RecipientId == s.SchoolId && n.Title == "新的解约待鉴证");
        Assert.Single(mail, m => m.ToAddress == $"s{s.StudentId}@stu.test");
        Assert.DoesNotContain(id, await IdsAsync(TerminationTab.StudentRequests));
        Assert.Contains(id, await IdsAsync(DataTab.Terminated));
    }

    [Fact]
    public async Task Rejecting_the_students_request_keeps_the_agreement_and_spends_the_students_chance()
    {
        var id = await WithStudentEmailAsync(SigningState.TerminationRequestedByStudent);

        await Terminations.RejectAsync(given.EmployerUser, id, "请按约定报到");

        var s = await given.LoadAsync(id);
        Assert.Equal(SigningStatus.Effective, s.Status);
        Assert.True(s.StudentTerminationUsed);
        Assert.False(s.CanRequestTermination(Actor.Student(s.StudentId)));
        Assert.Equal(("请按约定报到", TrailActions.RejectTermination), (s.Trail[^1].Remark, s.Trail[^1].Action));
        var note = Assert.Single((await NotificationsAsync()).Inbox);
        Assert.Equal("单位拒绝解约", note.Title);
        Assert.Contains("请按约定报到", note.Body);
        Assert.DoesNotContain(id, await IdsAsync(TerminationTab.StudentRequests));
        // 已签约成功学生列表 lists only agreements whose student never asked to terminate (the manual; decision 022).
        Assert.DoesNotContain(id, await IdsAsync(TerminationTab.EffectiveAgreements));
        Assert.Contains(id, await IdsAsync(DataTab.Responded));
    }

    [Fact]
    public async Task Rejection_reason_over_200_characters_is_refused_and_the_request_stays_pending()
    {
        var id = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Terminations.RejectAsync(given.EmployerUser, id, new string('不', 201)));
        Assert.Equal("拒绝原因不能超过200个字", ex.Message);
        Assert.Equal(SigningStatus.TerminationRequested, (await given.LoadAsync(id)).Status);
        Assert.Empty((await NotificationsAsync()).Inbox);
    }

    [Fact]
    public async Task Viewing_the_request_and_deferring_changes_nothing()
    {
        var id = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        var before = await given.LoadAsync(id);

        var request = await Terminations.GetStudentRequestAsync(given.EmployerUser, id); // 查看解约申请, then 暂不处理: no call

        Assert.NotNull(request);
        var after = await given.LoadAsync(id);
        Assert.Equal((before.Status, before.Version, before.Trail.Count), (after.Status, after.Version, after.Trail.Count));
        Assert.Contains(id, await IdsAsync(TerminationTab.StudentRequests));
    }

    [Fact]
    public async Task A_second_click_on_agree_is_refused_with_the_domains_message()
    {
        var id = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await Terminations.AgreeAsync(given.EmployerUser, id);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Terminations.AgreeAsync(given.EmployerUser, id));
        Assert.Equal("该签约当前状态为“解约待鉴证”，不能同意解约", ex.Message);
        Assert.Single((await given.LoadAsync(id)).Trail, t => t.Action == TrailActions.AgreeTermination);
    }

    [Fact]
    public async Task Employer_cannot_answer_its_own_request()
    {
        var id = await given.Invites().Reaching(SigningState.TerminationRequestedByEmployer);
        Assert.Null(await Terminations.GetStudentRequestAsync(given.EmployerUser, id));
        var ex = await Assert.ThrowsAsync<DomainException>(() => Terminations.AgreeAsync(given.EmployerUser, id));
        Assert.Equal(Signing.OwnRequestMessage, ex.Message);
    }

    [Fact]
    public async Task Employer_cannot_act_on_another_employers_agreement()
    {
        var other = await given.AddOtherEmployerAsync();
        var theirs = await given.Employer(other).Invites().Reaching(SigningState.Effective);
        var theirRequest = await given.Employer(other).Invites().Reaching(SigningState.TerminationRequestedByStudent);

        Assert.Equal(EmployerTerminationService.NotFoundMessage,
            (await Assert.ThrowsAsync<DomainException>(() => Terminations.RequestAsync(given.EmployerUser, theirs, "越权"))).Message);
        Assert.Equal(EmployerTerminationService.NotFoundMessage,
            (await Assert.ThrowsAsync<DomainException>(() => Terminations.AgreeAsync(given.EmployerUser, theirRequest))).Message);
        Assert.Null(await Terminations.GetStudentRequestAsync(given.EmployerUser, theirRequest));
        Assert.Equal(SigningStatus.Effective, (await given.LoadAsync(theirs)).Status);
        Assert.Equal(SigningStatus.TerminationRequested, (await given.LoadAsync(theirRequest)).Status);
    }

    private async Task<List<int>> IdsAsync(DataTab tab) =>
        (await Lists.ListAsync(given.EmployerUser, tab, new(), new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();

    private async Task<List<int>> IdsAsync(TerminationTab tab) =>
        (await Lists.ListAsync(given.EmployerUser, tab, new(), new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();
}
