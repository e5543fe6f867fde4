using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.SchoolAdmin;

/// <summary>签约鉴证 and 解约鉴证 on real SQLite, through the service the queue pages call.</summary>
public sealed class VerificationServiceTests : IAsyncLifetime
{
    private SchoolAdminWorld world = default!;
    private IVerificationService service = default!;

    public async Task InitializeAsync()
    {
        world = await SchoolAdminWorld.StartAsync();
        service = world.Get<IVerificationService>();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Approving_a_signing_makes_it_effective_with_number_and_code_and_notifies_both_parties()
    {
        var id = await world.Given.Invites(world.Students[0]).Accepted();

        var result = await service.ApproveAsync(world.SchoolAdmin(), VerificationKind.Signing, [id]);

        Assert.Equal(1, result.SucceededCount);
        var signing = await world.LoadAsync(id);
        Assert.Equal(SigningStatus.Effective, signing.Status);
        Assert.Matches("^10500[0-9]{10}$", signing.AgreementNumber);
        Assert.Equal(15, signing.AgreementNumber!.Length);
        Assert.True(VerificationCode.IsWellFormed(signing.VerificationCode));
        Assert.Equal(8, signing.VerificationCode!.Length);
        Assert.Equal(TrailActions.ApproveVerification, signing.Trail.Last().Action);
        Assert.Equal("湖北工业大学管理员", signing.Trail.Last().ActorName);

        await using var db = world.NewDb();
        var notes = await db.Notifications.Where(n => n.Title == "签约鉴证通过").ToListAsync();
        Assert.Contains(notes, n => n.RecipientKind == RecipientKind.Employer && n.RecipientId == world.EmployerId);
        Assert.Contains(notes, n => n.RecipientKind == RecipientKind.Student && n.RecipientId == signing.StudentId);
        Assert.Contains(await db.Outbox.ToListAsync(), m => m.ToAddress == "employer@wllm.test" && m.Subject.StartsWith("签约鉴证通过", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_approval_reports_the_one_already_handled_and_approves_the_others()
    {
        var ids = new[] { await world.Given.Invites(world.Students[0]).Accepted(), await world.Given.Invites(world.Students[1]).Accepted(), await world.Given.Invites(world.Students[2]).Accepted() };
        // Someone else rejected the second one a moment ago.
        await service.RejectAsync(world.SchoolAdmin("另一位管理员"), VerificationKind.Signing, [ids[1]], "单位信息有误");

        var result = await service.ApproveAsync(world.SchoolAdmin(), VerificationKind.Signing, ids);

        Assert.Equal(2, result.SucceededCount);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(ids[1], failure.SigningId);
        Assert.Contains("鉴证不通过", failure.Error);
        Assert.Equal("2 条鉴证通过，1 条失败", result.Summary("通过"));
        Assert.Equal(SigningStatus.Effective, (await world.LoadAsync(ids[0])).Status);
        Assert.Equal(SigningStatus.VerificationRejected, (await world.LoadAsync(ids[1])).Status);
        Assert.Equal(SigningStatus.Effective, (await world.LoadAsync(ids[2])).Status);
        Assert.NotEqual((await world.LoadAsync(ids[0])).AgreementNumber, (await world.LoadAsync(ids[2])).AgreementNumber);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Rejection_requires_a_remark_and_changes_nothing_without_one(string? remark)
    {
        var id = await world.Given.Invites(world.Students[0]).Accepted();

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.RejectAsync(world.SchoolAdmin(), VerificationKind.Signing, [id], remark));

        Assert.Equal("请输入不通过原因", ex.Message);
        Assert.Equal(SigningStatus.AwaitingVerification, (await world.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Rejection_with_a_remark_records_it_in_the_trail()
    {
        var id = await world.Given.Invites(world.Students[0]).Accepted();

        var result = await service.RejectAsync(world.SchoolAdmin(), VerificationKind.Signing, [id], "岗位与专业不符，请核实");

        Assert.Equal(1, result.SucceededCount);
        var signing = await world.LoadAsync(id);
        Assert.Equal(SigningStatus.VerificationRejected, signing.Status);
        Assert.Equal("岗位与专业不符，请核实", signing.Trail.Last().Remark);
    }

    [Fact]
    public async Task Another_schools_signing_is_invisible_and_cannot_be_approved()
    {
        var id = await world.Given.Invites(world.OtherSchoolStudents[0]).Accepted();

        Assert.Null(await service.DetailAsync(world.SchoolAdmin(), id));
        var queue = await service.QueueAsync(world.SchoolAdmin(), VerificationKind.Signing, new VerificationFilter(), new PageRequest(0, 50));
        Assert.DoesNotContain(queue.Items, r => r.Id == id);
        var result = await service.ApproveAsync(world.SchoolAdmin(), VerificationKind.Signing, [id]);

        Assert.Equal(VerificationService.NotFoundMessage, Assert.Single(result.Failures).Error);
        Assert.Equal(SigningStatus.AwaitingVerification, (await world.LoadAsync(id)).Status);
        Assert.NotNull(await service.DetailAsync(world.OtherSchoolAdmin(), id));
    }

    [Fact]
    public async Task Two_admins_approving_the_same_signing_at_once_one_wins_and_the_other_is_told()
    {
        var id = await world.Given.Invites(world.Students[0]).Accepted();

        var results = await Task.WhenAll(
            Task.Run(() => service.ApproveAsync(world.SchoolAdmin("管理员甲"), VerificationKind.Signing, [id])),
            Task.Run(() => service.ApproveAsync(world.SchoolAdmin("管理员乙"), VerificationKind.Signing, [id])));

        var outcomes = results.SelectMany(r => r.Outcomes).ToList();
        Assert.Single(outcomes, o => o.Succeeded);
        var loser = Assert.Single(outcomes, o => !o.Succeeded);
        // Whether the loser read before or after the winner saved, it is told the record was handled.
        Assert.True(loser.Error == SigningStore.ConflictMessage || loser.Error!.Contains("已生效", StringComparison.Ordinal), loser.Error);
        var signing = await world.LoadAsync(id);
        Assert.Single(signing.Trail, t => t.Action == TrailActions.ApproveVerification);
    }

    [Fact]
    public async Task Two_admins_who_both_opened_the_signing_one_wins_and_the_other_gets_the_conflict_message()
    {
        var id = await world.Given.Invites(world.Students[0]).Accepted();
        // Both loaded the record before either saved: deterministic race on the concurrency token.
        await using var first = world.NewDb();
        await using var second = world.NewDb();
        var a = (await SigningStore.LoadAsync(first, id))!;
        var b = (await SigningStore.LoadAsync(second, id))!;
        a.ApproveVerification(Actor.SchoolAdmin(world.SchoolId, "管理员甲"), await SigningStore.NextAgreementNumberAsync(first, world.SchoolId, a.GraduationYear), VerificationCode.Generate(), world.Clock.GetUtcNow());
        await first.SaveOrConflictAsync();
        b.ApproveVerification(Actor.SchoolAdmin(world.SchoolId, "管理员乙"), await SigningStore.NextAgreementNumberAsync(second, world.SchoolId, b.GraduationYear), VerificationCode.Generate(), world.Clock.GetUtcNow());

        var ex = await Assert.ThrowsAsync<DomainException>(() => second.SaveOrConflictAsync());
        Assert.Equal("该记录已被他人处理，请刷新后重试", ex.Message);

        // Through the service, the second admin's late click is refused with the state it is in.
        var late = await service.ApproveAsync(world.SchoolAdmin("管理员乙"), VerificationKind.Signing, [id]);
        Assert.Contains("已生效", Assert.Single(late.Failures).Error);
    }

    [Fact]
    public async Task Approving_a_termination_voids_the_agreement_and_rejecting_keeps_it_effective()
    {
        var approved = await world.Given.Invites(world.Students[0]).Reaching(SigningState.TerminationAwaitingVerification);
        var rejected = await world.Given.Invites(world.Students[1]).Reaching(SigningState.TerminationAwaitingVerification);
        var queue = await service.QueueAsync(world.SchoolAdmin(), VerificationKind.Termination, new VerificationFilter(), new PageRequest(0, 20));
        Assert.Equal(2, queue.Total);
        Assert.All(queue.Items, r => Assert.Equal(Given.TerminationReason, r.TerminationReason));
        Assert.All(queue.Items, r => Assert.Equal("学生", r.TerminationRequestedBy));

        Assert.Equal(1, (await service.ApproveAsync(world.SchoolAdmin(), VerificationKind.Termination, [approved])).SucceededCount);
        Assert.Equal(1, (await service.RejectAsync(world.SchoolAdmin(), VerificationKind.Termination, [rejected], "解约材料不全")).SucceededCount);

        var a = await world.LoadAsync(approved);
        Assert.Equal(SigningStatus.Terminated, a.Status);
        Assert.True(a.IsVoid);
        var r = await world.LoadAsync(rejected);
        Assert.Equal(SigningStatus.Effective, r.Status);
        Assert.Equal("解约鉴证不通过", SigningStatusText.VerificationText(r, world.Clock.GetUtcNow()));
        Assert.Equal("解约材料不全", r.TerminationVerificationRemark);
    }

    [Fact]
    public async Task The_signing_queue_is_oldest_first_filtered_and_paged_in_the_database()
    {
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await world.Given.Invites(world.Students[i]).Accepted());
            world.Clock.Advance(TimeSpan.FromHours(1));
        }
        await world.Given.Invites(world.Students[5]); // not yet accepted: not in the queue
        var admin = world.SchoolAdmin();

        var first = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter(), new PageRequest(0, 2));
        var second = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter(), new PageRequest(1, 2));
        Assert.Equal(5, first.Total);
        Assert.Equal(ids.Take(4), first.Items.Concat(second.Items).Select(r => r.Id));
        Assert.All(first.Items, r => Assert.Contains("********", r.MaskedIdNumber, StringComparison.Ordinal));

        await using var db = world.NewDb();
        var faculty = await db.Students.Where(s => s.Id == world.Students[0]).Select(s => s.Faculty).SingleAsync();
        var expected = await db.Students.Where(s => world.Students.Take(5).Contains(s.Id) && s.Faculty == faculty).CountAsync();
        var byFaculty = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter { Faculty = faculty }, new PageRequest(0, 20));
        Assert.Equal(expected, byFaculty.Total);
        Assert.All(byFaculty.Items, r => Assert.Equal(faculty, r.Faculty));

        var noSuchEmployer = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter { EmployerName = "不存在的单位" }, new PageRequest(0, 20));
        Assert.Equal(0, noSuchEmployer.Total);
        var byName = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter { EmployerName = "萃思" }, new PageRequest(0, 20));
        Assert.Equal(5, byName.Total);

        var today = ChinaTime.Today(world.Clock).ToDateTime(TimeOnly.MinValue);
        var tomorrowOn = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter { InvitedFrom = today.AddDays(1) }, new PageRequest(0, 20));
        Assert.Equal(0, tomorrowOn.Total);
        var todayOnly = await service.QueueAsync(admin, VerificationKind.Signing, new VerificationFilter { InvitedFrom = today, InvitedTo = today }, new PageRequest(0, 20));
        Assert.Equal(5, todayOnly.Total);
    }

    [Fact]
    public async Task The_detail_shows_the_letter_terms_and_archive_information()
    {
        var id = await world.Given.Invites(world.Students[0]).Accepted();

        var detail = await service.DetailAsync(world.SchoolAdmin(), id);

        Assert.NotNull(detail);
        Assert.Equal("上海市黄浦区人力资源中心", detail.Offer.ArchiveAndHukou.ArchiveForwardUnit);
        Assert.Equal("人才服务机构集体户", detail.Offer.ArchiveAndHukou.HukouReceivingType);
        // 流程追踪 newest first, as in the manual (decision 022).
        Assert.Equal([TrailActions.Accept, TrailActions.Invite], detail.Trail.Select(t => t.Action));
    }
}
