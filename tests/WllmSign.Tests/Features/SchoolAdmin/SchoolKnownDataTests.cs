using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Schools;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.SchoolAdmin.Data;
using WllmSign.Portal.Features.SchoolAdmin.Roster;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.SchoolAdmin.Statistics;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.SchoolAdmin;

/// <summary>
/// A new school with a small roster whose every number is known: statistics, roster statuses, the data list
/// and adding students by hand.
/// </summary>
public sealed class SchoolKnownDataTests : IAsyncLifetime
{
    private SchoolAdminWorld world = default!;
    private CurrentUser admin = default!;
    private readonly Dictionary<string, int> students = [];
    private readonly Random random = new(6);
    private readonly HashSet<string> usedIds = [];
    private RosterService roster = default!;

    public async Task InitializeAsync()
    {
        world = await SchoolAdminWorld.StartAsync();
        roster = world.Get<RosterService>();
        await using (var db = world.NewDb())
        {
            var school = new School("19999", "测试学院", "湖北省 - 武汉市", "测试学院就业网");
            db.Schools.Add(school);
            await db.SaveChangesAsync();
            var residency = new Residency(world.EmployerId, school.Id, world.Clock.GetUtcNow());
            residency.Approve("测试", world.Clock.GetUtcNow());
            db.Residencies.Add(residency);
            await db.SaveChangesAsync();
            admin = new CurrentUser("admin-19999", "测试学院管理员", Roles.SchoolAdmin, null, null, school.Id);
        }
        // 计算机学院/软件工程: A signed, B invited, C terminated, D nothing; 计算机学院/网络工程: E awaiting verification;
        // 外国语学院/英语: F termination awaiting verification (still signed), G nothing; H a 2026 graduate, signed.
        foreach (var (key, faculty, major, year) in new[]
        {
            ("A", "计算机学院", "软件工程", 2027), ("B", "计算机学院", "软件工程", 2027), ("C", "计算机学院", "软件工程", 2027),
            ("D", "计算机学院", "软件工程", 2027), ("E", "计算机学院", "网络工程", 2027), ("F", "外国语学院", "英语", 2027),
            ("G", "外国语学院", "英语", 2027), ("H", "外国语学院", "英语", 2026),
        })
        {
            students[key] = await roster.SaveAsync(admin, new StudentForm
            {
                GraduationYear = year, Name = "学生" + key, IdNumber = DemoData.NewIdNumber(random, year, usedIds),
                StudentNumber = "S" + key, Faculty = faculty, Major = major, Degree = "本科生毕业",
            });
        }
        await world.Given.Invites(students["A"]).Reaching(SigningState.Effective);
        await world.Given.Invites(students["B"]);
        var c = await world.Given.Invites(students["C"]).Reaching(SigningState.TerminationAwaitingVerification);
        await world.Given.Signing(c).Then((s, now) => s.ApproveTermination(Actor.SchoolAdmin(s.SchoolId, "测试"), now));
        await world.Given.Invites(students["E"]).Accepted();
        await world.Given.Invites(students["F"]).Reaching(SigningState.TerminationAwaitingVerification);
        await world.Given.Invites(students["H"]).Reaching(SigningState.Effective);
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Statistics_count_graduates_invited_signed_terminated_and_rate_per_major_faculty_and_total()
    {
        var stats = await world.Get<StatisticsService>().GetAsync(admin, 2027);

        Assert.Equal(
            [("计算机学院", "网络工程", 1, 1, 0, 0, "0.0%"), ("计算机学院", "软件工程", 4, 3, 1, 1, "25.0%"), ("外国语学院", "英语", 2, 1, 1, 0, "50.0%")],
            stats.ByMajor.Select(r => (r.Faculty, r.Major, r.Graduates, r.Invited, r.Signed, r.Terminated, r.RateText))
                .OrderBy(r => r.Faculty, StringComparer.Ordinal).ThenBy(r => r.Major, StringComparer.Ordinal).ToList()
                .OrderBy(r => r.Faculty == "外国语学院").ToList());
        Assert.Equal([("计算机学院", 5, 4, 1, 1, "20.0%"), ("外国语学院", 2, 1, 1, 0, "50.0%")],
            stats.ByFaculty.Select(r => (r.Faculty, r.Graduates, r.Invited, r.Signed, r.Terminated, r.RateText)).OrderBy(r => r.Faculty == "外国语学院").ToList());
        Assert.Equal((7, 5, 2, 1, "28.6%"), (stats.Total.Graduates, stats.Total.Invited, stats.Total.Signed, stats.Total.Terminated, stats.Total.RateText));

        var lastYear = await world.Get<StatisticsService>().GetAsync(admin, 2026);
        Assert.Equal((1, 1, "100.0%"), (lastYear.Total.Graduates, lastYear.Total.Signed, lastYear.Total.RateText));
    }

    [Fact]
    public async Task Roster_shows_each_students_current_status_and_masks_id_numbers()
    {
        var page = await roster.SearchAsync(admin, new RosterFilter { GraduationYear = 2027 }, new PageRequest(0, 50));

        Assert.Equal(7, page.Total);
        var status = page.Items.ToDictionary(r => r.Name, r => r.Status);
        Assert.Equal("已签约", status["学生A"]);
        Assert.Equal("待应约 1", status["学生B"]);
        Assert.Equal("已解约", status["学生C"]);
        Assert.Equal("未签约", status["学生D"]);
        Assert.Equal("待鉴证", status["学生E"]);
        Assert.Equal("已签约", status["学生F"]);
        Assert.All(page.Items, r => Assert.Matches("^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$", r.MaskedIdNumber));

        var byNumber = await roster.SearchAsync(admin, new RosterFilter { StudentNumber = "SE" }, new PageRequest(0, 50));
        Assert.Equal("学生E", Assert.Single(byNumber.Items).Name);
        var byMajor = await roster.SearchAsync(admin, new RosterFilter { Major = "英语" }, new PageRequest(0, 50));
        Assert.Equal(3, byMajor.Total);
        var paged = await roster.SearchAsync(admin, new RosterFilter(), new PageRequest(1, 5));
        Assert.Equal((8, 3), (paged.Total, paged.Items.Count));
    }

    [Fact]
    public async Task Roster_refuses_a_bad_id_number_and_a_duplicate_in_the_same_school_and_year()
    {
        var form = new StudentForm { GraduationYear = 2027, Name = "新同学", IdNumber = "420102200501011234", StudentNumber = "S9", Faculty = "计算机学院", Major = "软件工程" };
        var bad = await Assert.ThrowsAsync<DomainException>(() => roster.SaveAsync(admin, form));
        Assert.Contains("身份证号", bad.Message);

        await using var db = world.NewDb();
        var existing = await db.Students.Where(s => s.Id == students["A"]).Select(s => s.IdNumber).SingleAsync();
        form.IdNumber = existing;
        var duplicate = await Assert.ThrowsAsync<DomainException>(() => roster.SaveAsync(admin, form));
        Assert.Equal(RosterService.DuplicateMessage, duplicate.Message);

        form.GraduationYear = 2028; // the same person may be on another year's roster
        var id = await roster.SaveAsync(admin, form);
        Assert.Equal(9, await db.Students.CountAsync(s => s.SchoolId == admin.SchoolId));

        var edit = (await roster.GetAsync(admin, id))!;
        edit.Major = "网络工程";
        edit.Phone = "13800000000";
        await roster.SaveAsync(admin, edit);
        Assert.Equal("网络工程", await db.Students.Where(s => s.Id == id).Select(s => s.Major).SingleAsync());
        Assert.Null(await roster.GetAsync(world.SchoolAdmin(), id)); // another school's admin cannot open it
    }

    [Fact]
    public async Task Data_lists_every_signing_of_the_school_with_filters_and_hides_other_schools()
    {
        var data = world.Get<SchoolDataService>();
        var all = await data.SearchAsync(admin, new SchoolDataFilter(), new PageRequest(0, 50));
        Assert.Equal(6, all.Total);
        var effective = await data.SearchAsync(admin, new SchoolDataFilter { Status = SigningStatus.Effective }, new PageRequest(0, 50));
        Assert.Equal(["学生A", "学生H"], effective.Items.Select(r => r.StudentName).Order());
        Assert.All(effective.Items, r => Assert.Equal("签约鉴证通过", r.VerificationText));
        var year2026 = await data.SearchAsync(admin, new SchoolDataFilter { GraduationYear = 2026 }, new PageRequest(0, 50));
        Assert.Equal("学生H", Assert.Single(year2026.Items).StudentName);
        var byName = await data.SearchAsync(admin, new SchoolDataFilter { Name = "学生C", EmployerName = "萃思" }, new PageRequest(0, 50));
        Assert.Equal("解约鉴证通过", Assert.Single(byName.Items).VerificationText);

        world.Clock.Advance(TimeSpan.FromDays(10)); // B's invitation expired without an answer
        var expired = await data.SearchAsync(admin, new SchoolDataFilter { Status = SigningStatus.Expired }, new PageRequest(0, 50));
        Assert.Equal("学生B", Assert.Single(expired.Items).StudentName);
        Assert.Equal("已过期", expired.Items[0].ResponseText);

        var id = all.Items[0].Id;
        Assert.NotNull(await data.DetailAsync(admin, id));
        Assert.Null(await data.DetailAsync(world.SchoolAdmin(), id));
    }
}
