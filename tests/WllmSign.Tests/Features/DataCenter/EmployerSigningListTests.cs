using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>The employer's lists (数据管理 and 解约办理) on real SQLite: tabs, filters, paging, scoping.</summary>
public sealed class EmployerSigningListTests : IAsyncLifetime
{
    /// <summary>10:00 China time on 2026-11-27.</summary>
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PortalFactory portal;
    private Given given = default!;

    public EmployerSigningListTests()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
    }

    public async Task InitializeAsync() => given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private EmployerSigningListService Lists => portal.Services.GetRequiredService<EmployerSigningListService>();

    private async Task<List<int>> IdsAsync(DataTab tab, SigningListFilter? filter = null) =>
        (await Lists.ListAsync(given.EmployerUser, tab, filter ?? new(), new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();

    private async Task<List<int>> IdsAsync(TerminationTab tab, SigningListFilter? filter = null) =>
        (await Lists.ListAsync(given.EmployerUser, tab, filter ?? new(), new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();

    // docs/rules.md: 全部 (every invitation) · 待应约 (Invited) · 已应约 (AwaitingVerification, Effective, and termination states)
    // · 待解约 (TerminationRequested) · 已解约 (TerminationAwaitingVerification, Terminated). Written out, not derived.
    [Theory]
    [InlineData(SigningState.Invited, "全部,待应约")]
    [InlineData(SigningState.InvitedPastDeadline, "全部")]
    [InlineData(SigningState.Declined, "全部")]
    [InlineData(SigningState.Expired, "全部")]
    [InlineData(SigningState.Withdrawn, "全部")]
    [InlineData(SigningState.AwaitingVerification, "全部,已应约")]
    [InlineData(SigningState.VerificationRejected, "全部")]
    [InlineData(SigningState.Effective, "全部,已应约")]
    [InlineData(SigningState.TerminationRequestedByStudent, "全部,已应约,待解约")]
    [InlineData(SigningState.TerminationRequestedByEmployer, "全部,已应约,待解约")]
    [InlineData(SigningState.TerminationAwaitingVerification, "全部,已应约,已解约")]
    [InlineData(SigningState.Terminated, "全部,已应约,已解约")]
    public async Task Each_data_tab_holds_exactly_the_states_SPEC_assigns_it(SigningState state, string tabs)
    {
        var id = await given.Invites().Reaching(state);
        var expected = tabs.Split(',');
        foreach (var tab in DataTabs.All)
        {
            var listed = (await IdsAsync(tab)).Contains(id);
            Assert.True(listed == expected.Contains(SigningStatusText.TabLabel(tab)), $"{state} on {SigningStatusText.TabLabel(tab)}: listed={listed}");
        }
    }

    [Theory]
    [InlineData(SigningState.TerminationRequestedByStudent, "学生提出解约待办理列表")]
    [InlineData(SigningState.Effective, "已签约成功学生列表")]
    [InlineData(SigningState.TerminationRequestedByEmployer, "")]
    [InlineData(SigningState.TerminationAwaitingVerification, "")]
    [InlineData(SigningState.AwaitingVerification, "")]
    [InlineData(SigningState.Terminated, "")]
    public async Task Each_termination_tab_holds_exactly_its_states(SigningState state, string tab)
    {
        var id = await given.Invites().Reaching(state);
        Assert.Equal(tab == "学生提出解约待办理列表", (await IdsAsync(TerminationTab.StudentRequests)).Contains(id));
        Assert.Equal(tab == "已签约成功学生列表", (await IdsAsync(TerminationTab.EffectiveAgreements)).Contains(id));
    }

    [Fact]
    public async Task Rows_show_the_masked_id_number_and_the_status_words()
    {
        var student = given.NextStudent();
        await given.Invites(student).Reaching(SigningState.Effective);
        await using var db = given.NewDb();
        var s = await db.Students.SingleAsync(x => x.Id == student);

        var row = Assert.Single((await Lists.ListAsync(given.EmployerUser, DataTab.All, new(), new())).Items);

        Assert.Equal(s.IdNumber[..6] + "********" + s.IdNumber[^4..], row.MaskedIdNumber);
        Assert.DoesNotContain(s.IdNumber, row.MaskedIdNumber);
        Assert.Equal((s.Name, s.Major, s.Degree, "湖北工业大学"), (row.StudentName, row.Major, row.Degree, row.SchoolName));
        Assert.Equal(("双方已签约", "签约鉴证通过"), (row.ResponseText, row.VerificationText));
    }

    [Fact]
    public async Task Full_id_number_filter_matches_exactly_and_a_partial_number_finds_nothing()
    {
        var student = given.NextStudent();
        var id = await given.Invites(student).Reaching(SigningState.Invited);
        await given.Invites().Reaching(SigningState.Invited);
        await using var db = given.NewDb();
        var idNumber = await db.Students.Where(s => s.Id == student).Select(s => s.IdNumber).SingleAsync();

        Assert.Equal([id], await IdsAsync(DataTab.All, new() { IdNumber = " " + idNumber.ToLowerInvariant() + " " }));
        Assert.Empty(await IdsAsync(DataTab.All, new() { IdNumber = idNumber[..17] }));
    }

    [Fact]
    public async Task School_year_name_major_and_status_filters_each_narrow_the_list()
    {
        await using var db = given.NewDb();
        var students = await db.Students.Where(s => s.SchoolId == given.SchoolId || s.SchoolId == given.OtherSchoolId)
            .Select(s => new { s.Id, s.SchoolId, s.GraduationYear, s.Name, s.Major }).ToListAsync();
        var a = given.NextStudent();
        var b = given.NextStudent();
        // a student of the other school, of another year and major than a
        var sa = students.Single(s => s.Id == a);
        var c = students.First(s => s.SchoolId == given.OtherSchoolId && s.GraduationYear != sa.GraduationYear && s.Major != sa.Major && s.Name != sa.Name);
        var idA = await given.Invites(a).Reaching(SigningState.Invited);
        var idB = await given.Invites(b).Reaching(SigningState.Declined);
        var idC = await given.Invites(c.Id).Reaching(SigningState.Effective);

        Assert.Equal([idC], await IdsAsync(DataTab.All, new() { SchoolId = given.OtherSchoolId }));
        Assert.DoesNotContain(idC, await IdsAsync(DataTab.All, new() { GraduationYear = sa.GraduationYear }));
        Assert.Contains(idA, await IdsAsync(DataTab.All, new() { GraduationYear = sa.GraduationYear }));
        Assert.Contains(idA, await IdsAsync(DataTab.All, new() { StudentName = sa.Name[1..] }));
        Assert.DoesNotContain(idC, await IdsAsync(DataTab.All, new() { StudentName = sa.Name }));
        Assert.Contains(idA, await IdsAsync(DataTab.All, new() { Major = sa.Major }));
        Assert.DoesNotContain(idC, await IdsAsync(DataTab.All, new() { Major = sa.Major }));
        Assert.Equal([idA], await IdsAsync(DataTab.All, new() { ResponseStatus = "待应约" }));
        Assert.Equal([idB], await IdsAsync(DataTab.All, new() { ResponseStatus = "学生已拒绝" }));
        Assert.Equal([idC], await IdsAsync(DataTab.All, new() { ResponseStatus = "双方已签约" }));
        Assert.Equal([idC], await IdsAsync(DataTab.All, new() { SchoolId = given.OtherSchoolId, ResponseStatus = "双方已签约" }));
        Assert.Empty(await IdsAsync(DataTab.All, new() { SchoolId = given.OtherSchoolId, ResponseStatus = "待应约" }));
    }

    [Fact]
    public async Task An_invitation_past_its_deadline_is_found_under_expired_not_awaiting_response()
    {
        var late = await given.Invites().Reaching(SigningState.InvitedPastDeadline);
        var expired = await given.Invites().Reaching(SigningState.Expired);
        Assert.Empty(await IdsAsync(DataTab.All, new() { ResponseStatus = "待应约" }));
        Assert.Equal(new[] { late, expired }.Order(), (await IdsAsync(DataTab.All, new() { ResponseStatus = "已过期" })).Order());
        var row = (await Lists.ListAsync(given.EmployerUser, DataTab.All, new(), new())).Items.Single(r => r.Id == late);
        Assert.Equal("已过期", row.ResponseText);
    }

    [Fact]
    public async Task Invitation_date_range_counts_whole_China_days_at_the_boundaries()
    {
        var china = TimeSpan.FromHours(8);
        var lastMinute = await given.Invites().At(new DateTimeOffset(2026, 11, 26, 23, 59, 0, china)).Reaching(SigningState.Invited);
        var midnight = await given.Invites().At(new DateTimeOffset(2026, 11, 27, 0, 0, 0, china)).Reaching(SigningState.Invited);
        var firstMinute = await given.Invites().At(new DateTimeOffset(2026, 11, 26, 0, 0, 0, china)).Reaching(SigningState.Invited);
        var dayBefore = await given.Invites().At(new DateTimeOffset(2026, 11, 25, 23, 59, 59, china)).Reaching(SigningState.Invited);
        var d26 = new DateOnly(2026, 11, 26);
        var d27 = new DateOnly(2026, 11, 27);

        Assert.Equal(new[] { firstMinute, lastMinute }.Order(), (await IdsAsync(DataTab.All, new() { InvitedFrom = d26, InvitedTo = d26 })).Order());
        Assert.Equal([midnight], await IdsAsync(DataTab.All, new() { InvitedFrom = d27 }));
        Assert.Equal(new[] { dayBefore, firstMinute, lastMinute }.Order(), (await IdsAsync(DataTab.All, new() { InvitedTo = d26 })).Order());
    }

    [Fact]
    public async Task Pages_come_newest_first_with_the_total_count()
    {
        var ids = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await given.Invites().Reaching(SigningState.Invited));
            clock.Advance(TimeSpan.FromMinutes(5));
        }
        ids.Reverse();

        var pages = new List<Page<SigningListRow>>();
        for (var p = 0; p < 3; p++) pages.Add(await Lists.ListAsync(given.EmployerUser, DataTab.All, new(), new PageRequest(p, 5)));

        Assert.All(pages, page => Assert.Equal(12, page.Total));
        Assert.Equal([5, 5, 2], pages.Select(p => p.Items.Count));
        Assert.Equal(ids, pages.SelectMany(p => p.Items).Select(r => r.Id));
        var oldestFirst = await Lists.ListAsync(given.EmployerUser, DataTab.All, new(), new PageRequest(0, 3), new SigningListOrder(SigningListSort.InvitedAt, Descending: false));
        Assert.Equal(ids.AsEnumerable().Reverse().Take(3), oldestFirst.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task Another_employers_signings_never_appear_and_their_detail_is_not_found()
    {
        var other = await given.AddOtherEmployerAsync();
        var theirs = new List<int>();
        foreach (var state in new[] { SigningState.Invited, SigningState.Effective, SigningState.TerminationRequestedByStudent, SigningState.Terminated })
            theirs.Add(await given.Employer(other).Invites().Reaching(state));
        var mine = await given.Invites().Reaching(SigningState.Effective);

        foreach (var tab in DataTabs.All) Assert.DoesNotContain(await IdsAsync(tab), theirs.Contains);
        foreach (var tab in Enum.GetValues<TerminationTab>()) Assert.DoesNotContain(await IdsAsync(tab), theirs.Contains);
        Assert.Equal([mine], await IdsAsync(DataTab.All));

        var details = portal.Services.GetRequiredService<SigningDetailService>();
        foreach (var id in theirs) Assert.Null(await details.GetAsync(given.EmployerUser, id));
        Assert.NotNull(await details.GetAsync(given.EmployerUser, mine));
        var options = await Lists.OptionsAsync(given.EmployerUser);
        Assert.Equal(new[] { "湖北工业大学", "中国地质大学（武汉）" }.Order(), options.Schools.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task Lists_refuse_a_user_who_is_not_an_employer()
    {
        var student = new WllmSign.Portal.Features.Accounts.CurrentUser("s", "学生", WllmSign.Portal.Data.Roles.Student, null, 1, null);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Lists.ListAsync(student, DataTab.All, new(), new()));
    }
}
