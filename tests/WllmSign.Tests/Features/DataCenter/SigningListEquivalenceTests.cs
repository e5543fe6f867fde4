using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.SchoolAdmin.Data;
using WllmSign.Portal.Features.SchoolAdmin.Roster;
using WllmSign.Portal.Features.Lists;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>
/// Decision 015 made the data-management lists count and page on Signings alone (student filters on the signing's
/// copies of 姓名/身份证号/专业, kept by database triggers). These tests compare every filter with the naive answer:
/// all the caller's signings joined with their students in memory, filtered as the filter bar says, newest first.
/// </summary>
public sealed class SigningListEquivalenceTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PortalFactory portal;
    private Given given = default!;

    public SigningListEquivalenceTests()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
    }

    public async Task InitializeAsync()
    {
        given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
        // Signings in every state, at both schools, spread over a month of invitation dates.
        var states = Enum.GetValues<SigningState>();
        for (var i = 0; i < 24; i++)
            await given.Invites().At(clock.GetUtcNow().AddDays(-i * 1.3).AddHours(-i)).Reaching(states[i % states.Length]);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private CurrentUser SchoolAdmin => new("school-admin", "管理员", Roles.SchoolAdmin, null, null, given.SchoolId);

    private sealed record Naive(int Id, DateTimeOffset InvitedAt, SigningStatus Status, DateTimeOffset Deadline, int SchoolId, int GraduationYear,
        int EmployerId, string EmployerName, TerminationParty? RequestedBy, string Name, string IdNumber, string Major);

    private async Task<List<Naive>> AllAsync()
    {
        await using var db = given.NewDb();
        var signings = await db.Signings.AsNoTracking().ToListAsync();
        var students = await db.Students.AsNoTracking().ToDictionaryAsync(s => s.Id);
        var employers = await db.Employers.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Name);
        return signings.Select(s => new Naive(s.Id, s.InvitedAt, s.Status, s.Deadline, s.SchoolId, s.GraduationYear, s.EmployerId,
                employers[s.EmployerId], s.TerminationRequestedBy, students[s.StudentId].Name, students[s.StudentId].IdNumber, students[s.StudentId].Major))
            .OrderByDescending(s => s.InvitedAt).ThenByDescending(s => s.Id).ToList();
    }

    private async Task<List<SigningListFilter>> EmployerFiltersAsync(List<Naive> mine)
    {
        var today = ChinaTime.Today(clock);
        var sample = mine[mine.Count / 2];
        var filters = new List<SigningListFilter>
        {
            new(),
            new() { StudentName = sample.Name },
            new() { StudentName = sample.Name[..1] },
            new() { StudentName = "不存在的名字" },
            new() { Major = sample.Major },
            new() { Major = sample.Major[1..^1] },
            new() { IdNumber = sample.IdNumber.ToLowerInvariant() },
            new() { IdNumber = " " + sample.IdNumber + " " },
            new() { SchoolId = given.SchoolId },
            new() { SchoolId = given.OtherSchoolId, StudentName = sample.Name[..1] },
            new() { GraduationYear = sample.GraduationYear, Major = sample.Major },
            new() { InvitedFrom = today.AddDays(-10), InvitedTo = today.AddDays(-2) },
            new() { InvitedFrom = today.AddDays(-20), StudentName = sample.Name[..1], Major = sample.Major[..2] },
        };
        filters.AddRange(ResponseStatusFilter.Labels.Select(l => new SigningListFilter { ResponseStatus = l }));
        filters.AddRange(ResponseStatusFilter.Labels.Select(l => new SigningListFilter { ResponseStatus = l, StudentName = sample.Name[..1] }));
        return await Task.FromResult(filters);
    }

    private bool EmployerNaive(Naive s, DataTab tab, SigningListFilter f)
    {
        var now = clock.GetUtcNow();
        var probe = Probe(s);
        if (!DataTabs.Filter(tab, now).Compile()(probe)) return false;
        if (f.SchoolId is { } school && s.SchoolId != school) return false;
        if (f.GraduationYear is { } year && s.GraduationYear != year) return false;
        if (f.InvitedFrom is { } from && s.InvitedAt < ChinaTime.StartOfDay(from)) return false;
        if (f.InvitedTo is { } to && s.InvitedAt >= ChinaTime.EndOfDay(to)) return false;
        if (!string.IsNullOrWhiteSpace(f.ResponseStatus) && !ResponseStatusFilter.Filter(f.ResponseStatus, now).Compile()(probe)) return false;
        if (f.StudentName?.Trim() is { Length: > 0 } name && !s.Name.Contains(name, StringComparison.Ordinal)) return false;
        if (f.IdNumber?.Trim() is { Length: > 0 } id && s.IdNumber != id.ToUpperInvariant()) return false;
        if (f.Major?.Trim() is { Length: > 0 } major && !s.Major.Contains(major, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>The stored signing, for the domain's expression filters (status and deadline are all they read).</summary>
    private Dictionary<int, Signing> signings = [];
    private Signing Probe(Naive s) => signings[s.Id];

    private async Task LoadSigningsAsync()
    {
        await using var db = given.NewDb();
        signings = await db.Signings.AsNoTracking().ToDictionaryAsync(s => s.Id);
    }

    [Fact]
    public async Task Employer_list_count_and_page_equal_the_naive_join_for_every_filter_and_tab()
    {
        await LoadSigningsAsync();
        var mine = (await AllAsync()).Where(s => s.EmployerId == given.EmployerId).ToList();
        var lists = portal.Services.GetRequiredService<EmployerSigningListService>();
        var checkedNonEmpty = 0;
        foreach (var tab in DataTabs.All)
            foreach (var filter in await EmployerFiltersAsync(mine))
            {
                var expected = mine.Where(s => EmployerNaive(s, tab, filter)).ToList();
                var page = await lists.ListAsync(given.EmployerUser, tab, filter, new PageRequest(Size: 5));
                var what = $"tab {tab}, filter name={filter.StudentName} id={filter.IdNumber} major={filter.Major} school={filter.SchoolId} status={filter.ResponseStatus}";
                Assert.True(expected.Count == page.Total, $"{what}: total {page.Total}, naive {expected.Count}");
                Assert.True(expected.Take(5).Select(s => s.Id).SequenceEqual(page.Items.Select(r => r.Id)), what);
                if (expected.Count > 0) checkedNonEmpty++;
            }
        Assert.True(checkedNonEmpty > 40, $"only {checkedNonEmpty} non-empty cases: the data set does not exercise the filters");
    }

    [Fact]
    public async Task Employer_list_second_page_and_sorts_by_student_name_and_major_follow_the_students_values()
    {
        var mine = (await AllAsync()).Where(s => s.EmployerId == given.EmployerId).ToList();
        var lists = portal.Services.GetRequiredService<EmployerSigningListService>();
        var byName = mine.OrderBy(s => s.Name, StringComparer.Ordinal).ThenByDescending(s => s.InvitedAt).ThenByDescending(s => s.Id).Skip(5).Take(5);
        var page = await lists.ListAsync(given.EmployerUser, DataTab.All, new(), new PageRequest(1, 5), new SigningListOrder(SigningListSort.StudentName, Descending: false));
        Assert.Equal(byName.Select(s => s.Id), page.Items.Select(r => r.Id));
        Assert.Equal(byName.Select(s => s.Name), page.Items.Select(r => r.StudentName));

        var byMajor = mine.OrderByDescending(s => s.Major, StringComparer.Ordinal).ThenByDescending(s => s.InvitedAt).ThenByDescending(s => s.Id).Take(5);
        page = await lists.ListAsync(given.EmployerUser, DataTab.All, new(), new PageRequest(0, 5), new SigningListOrder(SigningListSort.Major, Descending: true));
        Assert.Equal(byMajor.Select(s => s.Id), page.Items.Select(r => r.Id));
        Assert.Equal(mine.Count, page.Total);
    }

    [Fact]
    public async Task School_list_count_and_page_equal_the_naive_join_for_every_filter()
    {
        await LoadSigningsAsync();
        var ours = (await AllAsync()).Where(s => s.SchoolId == given.SchoolId).ToList();
        var sample = ours[ours.Count / 2];
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow();
        var filters = new List<SchoolDataFilter>
        {
            new(),
            new() { Name = sample.Name }, new() { Name = sample.Name[..1] }, new() { Major = sample.Major[1..] },
            new() { IdNumber = sample.IdNumber.ToLowerInvariant() }, new() { EmployerName = sample.EmployerName[2..6] },
            new() { EmployerName = "没有这家单位" }, new() { GraduationYear = sample.GraduationYear },
            new() { InvitedFrom = today.AddDays(-12).ToDateTime(TimeOnly.MinValue), InvitedTo = today.AddDays(-3).ToDateTime(TimeOnly.MinValue) },
            new() { Name = sample.Name[..1], Major = sample.Major[..2], EmployerName = sample.EmployerName[..4] },
        };
        filters.AddRange(Enum.GetValues<SigningStatus>().Select(st => new SchoolDataFilter { Status = st }));
        filters.AddRange(Enum.GetValues<SigningStatus>().Select(st => new SchoolDataFilter { Status = st, Name = sample.Name[..1] }));

        var data = portal.Services.GetRequiredService<SchoolDataService>();
        foreach (var f in filters)
        {
            var expected = ours.Where(s =>
                (f.Status is not { } st || Signing.EffectiveStatus(s.Status, s.Deadline, now) == st)
                && (f.GraduationYear is not { } y || s.GraduationYear == y)
                && (ListQuery.Clean(f.Name) is not { } n || s.Name.Contains(n, StringComparison.Ordinal))
                && (ListQuery.Clean(f.IdNumber) is not { } id || s.IdNumber == id.ToUpperInvariant())
                && (ListQuery.Clean(f.Major) is not { } m || s.Major.Contains(m, StringComparison.Ordinal))
                && (ListQuery.Clean(f.EmployerName) is not { } e || s.EmployerName.Contains(e, StringComparison.Ordinal))
                && (f.InvitedFrom is not { } from || s.InvitedAt >= ChinaTime.StartOfDay(DateOnly.FromDateTime(from)))
                && (f.InvitedTo is not { } to || s.InvitedAt < ChinaTime.EndOfDay(DateOnly.FromDateTime(to)))).ToList();
            var page = await data.SearchAsync(SchoolAdmin, f, new PageRequest(0, 5));
            var what = $"name={f.Name} id={f.IdNumber} major={f.Major} employer={f.EmployerName} status={f.Status} year={f.GraduationYear}";
            Assert.True(expected.Count == page.Total, $"{what}: total {page.Total}, naive {expected.Count}");
            Assert.True(expected.Take(5).Select(s => s.Id).SequenceEqual(page.Items.Select(r => r.Id)), what);
        }
    }

    [Fact]
    public async Task A_roster_correction_of_name_id_number_and_major_is_what_both_lists_filter_on_next()
    {
        var id = await given.Invites().Reaching(SigningState.Effective);
        await using var db = given.NewDb();
        var signing = await db.Signings.Where(s => s.Id == id).Select(s => new { s.StudentId, s.SchoolId }).SingleAsync();
        var studentId = signing.StudentId;
        var admin = new CurrentUser("school-admin", "管理员", Roles.SchoolAdmin, null, null, signing.SchoolId);
        var roster = portal.Services.GetRequiredService<RosterService>();
        var form = (await roster.GetAsync(admin, studentId))!;
        var oldName = form.Name!;
        form.Name = "欧阳更正";
        form.Major = "更正后的专业";
        form.IdNumber = "11010519491231002X";
        await roster.SaveAsync(admin, form);

        var lists = portal.Services.GetRequiredService<EmployerSigningListService>();
        async Task<List<int>> Employer(SigningListFilter f) => (await lists.ListAsync(given.EmployerUser, DataTab.All, f, new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();
        Assert.Contains(id, await Employer(new() { StudentName = "欧阳更正" }));
        Assert.Contains(id, await Employer(new() { Major = "更正后" }));
        Assert.Contains(id, await Employer(new() { IdNumber = "11010519491231002x" }));
        Assert.DoesNotContain(id, await Employer(new() { StudentName = oldName }));

        var data = portal.Services.GetRequiredService<SchoolDataService>();
        var page = await data.SearchAsync(admin, new SchoolDataFilter { Name = "欧阳更正", Major = "更正后", IdNumber = "11010519491231002X" }, new PageRequest(0, 20));
        Assert.Equal([id], page.Items.Select(r => r.Id));
        Assert.Equal("欧阳更正", page.Items[0].StudentName);
    }
}
