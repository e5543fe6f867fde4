using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Domain.Invitations;
using WllmSign.Domain.Residencies;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Invitations;
using WllmSign.Portal.Features.SchoolAdmin.Data;
using WllmSign.Portal.Features.SchoolAdmin.Statistics;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Portal.Features.Signings;
using WllmSign.Portal.Infrastructure;

namespace WllmSign.ScaleBenchmarks;

/// <summary>
/// The portal's own services on a database filled by tools/WllmSign.DataGen, through the same registration
/// the portal uses (<see cref="Database.AddPortalDatabase"/>): SQLite from <c>WLLM_BENCH_SQLITE</c> (a file),
/// PostgreSQL from <c>WLLM_BENCH_POSTGRES</c> (a connection string).
/// </summary>
public sealed class Scenarios : IAsyncDisposable
{
    /// <summary>The generator's largest employer (its signings are skewed towards low ids).</summary>
    public const int EmployerId = 1;
    public const int SchoolId = 1;

    private readonly ServiceProvider services;
    private readonly EmployerSigningListService employerList;
    private readonly VerificationService verification;
    private readonly SchoolDataService schoolData;
    private readonly StatisticsService statistics;
    private readonly EmployerSendService send;
    private int employerSchoolId;
    private string employerStudentIdNumber = "";
    private string schoolStudentIdNumber = "";
    private readonly CurrentUser employer = new("bench-employer", "数据测试科技00001有限公司", Roles.Employer, EmployerId, null, null);
    private readonly CurrentUser school = new("bench-school", "school20001", Roles.SchoolAdmin, null, null, SchoolId);
    private readonly DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Opens the provider's database and brings it to the portal's current schema (its migrations).</summary>
    public static async Task<Scenarios> OpenAsync(string provider)
    {
        var scenarios = new Scenarios(provider);
        await scenarios.InitialiseAsync();
        return scenarios;
    }

    private Scenarios(string provider)
    {
        var settings = new Dictionary<string, string?>();
        if (provider == "Postgres")
        {
            settings["Database:Provider"] = "Postgres";
            settings["Database:Postgres"] = Environment.GetEnvironmentVariable("WLLM_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set WLLM_BENCH_POSTGRES to the generated PostgreSQL database.");
        }
        else
        {
            settings["Database:SqlitePath"] = Environment.GetEnvironmentVariable("WLLM_BENCH_SQLITE")
                ?? throw new InvalidOperationException("Set WLLM_BENCH_SQLITE to the generated SQLite file.");
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var sc = new ServiceCollection();
        // WLLM_BENCH_SQL_LOG=1: every SQL statement with its duration on the console (to see where a scenario's time goes).
        if (Environment.GetEnvironmentVariable("WLLM_BENCH_SQL_LOG") == "1")
            sc.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information));
        else
            sc.AddLogging();
        sc.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        sc.AddPortalDatabase(config, new BenchEnvironment());
        services = sc.BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        employerList = new EmployerSigningListService(factory, TimeProvider.System);
        var audit = new WllmSign.Portal.Features.Audit.AuditLog(factory, TimeProvider.System, new Microsoft.AspNetCore.Http.HttpContextAccessor());
        var commands = new SigningCommands(factory, TimeProvider.System, new LiveNotifier(), audit);
        verification = new VerificationService(factory, new SigningDetailService(factory, TimeProvider.System), commands,
            new WllmSign.Portal.Features.Agreements.Signatures.AgreementIssueSignal());
        schoolData = new SchoolDataService(factory, new SigningDetailService(factory, TimeProvider.System), TimeProvider.System);
        statistics = new StatisticsService(factory);
        send = new EmployerSendService(factory, TimeProvider.System, commands);
    }

    private async Task InitialiseAsync()
    {
        await Database.MigrateAsync(services);
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // A student of the employer (the median of its signings) and one of the school, for the full-ID filters.
        var employerSigning = await db.Signings.Where(s => s.EmployerId == EmployerId).OrderBy(s => s.Id).Skip(3000).FirstAsync();
        employerSchoolId = employerSigning.SchoolId;
        employerStudentIdNumber = await db.Students.Where(s => s.Id == employerSigning.StudentId).Select(s => s.IdNumber).SingleAsync();
        schoolStudentIdNumber = await (from g in db.Signings
                                            join st in db.Students on g.StudentId equals st.Id
                                            where g.SchoolId == SchoolId
                                            orderby g.Id
                                            select st.IdNumber).Skip(5000).FirstAsync();
    }

    public static IEnumerable<string> ConfiguredProviders()
    {
        if (Environment.GetEnvironmentVariable("WLLM_BENCH_SQLITE") is { Length: > 0 }) yield return "Sqlite";
        if (Environment.GetEnvironmentVariable("WLLM_BENCH_POSTGRES") is { Length: > 0 }) yield return "Postgres";
    }

    /// <summary>数据管理, tab 全部, no filter: the first page and the total.</summary>
    public Task<Page<SigningListRow>> EmployerAll() =>
        employerList.ListAsync(employer, DataTab.All, new SigningListFilter(), new PageRequest(0, 10));

    /// <summary>数据管理, tab 已应约, filtered by school, graduation year and a 150-day invitation range: page + total.</summary>
    public Task<Page<SigningListRow>> EmployerFiltered() =>
        employerList.ListAsync(employer, DataTab.Responded, new SigningListFilter
        {
            SchoolId = 3, GraduationYear = 2026, InvitedFrom = today.AddDays(-150), InvitedTo = today,
        }, new PageRequest(0, 10));

    /// <summary>数据管理, tab 全部, by major (contains): page + total.</summary>
    public Task<Page<SigningListRow>> EmployerByMajor() =>
        employerList.ListAsync(employer, DataTab.All, new SigningListFilter { Major = "软件工程" }, new PageRequest(0, 10));

    /// <summary>数据管理, tab 全部, by student name (a common surname + given name), sorted by school name.</summary>
    public Task<Page<SigningListRow>> EmployerByNameSortedBySchool() =>
        employerList.ListAsync(employer, DataTab.All, new SigningListFilter { StudentName = "王伟" },
            new PageRequest(0, 10), new SigningListOrder(SigningListSort.SchoolName, Descending: false));

    /// <summary>签约鉴证 queue of a school: the first page (oldest first) and the total.</summary>
    public Task<Page<VerificationRow>> SchoolQueue() =>
        verification.QueueAsync(school, VerificationKind.Signing, new VerificationFilter(), new PageRequest(0, 20));

    private Task<int> Employer(DataTab tab, SigningListFilter filter, PageRequest? page = null, SigningListOrder? order = null) =>
        employerList.ListAsync(employer, tab, filter, page ?? new PageRequest(0, 10), order).ContinueWith(t => t.Result.Total, TaskScheduler.Default);

    private Task<int> School(SchoolDataFilter filter, int page = 0) =>
        schoolData.SearchAsync(school, filter, new PageRequest(page, 20)).ContinueWith(t => t.Result.Total, TaskScheduler.Default);

    /// <summary>
    /// The filter-bar matrix of both data-management lists (one page plus its total each): every filter alone, the
    /// tabs and sorts, a deep page, and combinations; then the school's verification queue and statistics.
    /// </summary>
    public IReadOnlyList<(string Name, Func<Task<int>> Run)> All()
    {
        var from30 = today.AddDays(-30);
        return
        [
            ("Employer 全部, no filter", () => Employer(DataTab.All, new())),
            ("Employer tab 待应约", () => Employer(DataTab.AwaitingResponse, new())),
            ("Employer tab 已应约", () => Employer(DataTab.Responded, new())),
            ("Employer tab 已解约", () => Employer(DataTab.Terminated, new())),
            ("Employer school", () => Employer(DataTab.All, new() { SchoolId = employerSchoolId })),
            ("Employer year 2027", () => Employer(DataTab.All, new() { GraduationYear = 2027 })),
            ("Employer date range 30 days", () => Employer(DataTab.All, new() { InvitedFrom = from30, InvitedTo = today })),
            ("Employer status 已过期", () => Employer(DataTab.All, new() { ResponseStatus = ResponseStatusFilter.Expired })),
            ("Employer status 已撤回", () => Employer(DataTab.All, new() { ResponseStatus = ResponseStatusFilter.Withdrawn })),
            ("Employer name 王伟", () => Employer(DataTab.All, new() { StudentName = "王伟" })),
            ("Employer major 软件工程", () => Employer(DataTab.All, new() { Major = "软件工程" })),
            ("Employer full ID number", () => Employer(DataTab.All, new() { IdNumber = employerStudentIdNumber })),
            ("Employer sorted by student name", () => Employer(DataTab.All, new(), new PageRequest(0, 10), new SigningListOrder(SigningListSort.StudentName, Descending: false))),
            ("Employer sorted by school", () => Employer(DataTab.All, new(), new PageRequest(0, 10), new SigningListOrder(SigningListSort.SchoolName, Descending: false))),
            ("Employer page 50", () => Employer(DataTab.All, new(), new PageRequest(50, 10))),
            ("Employer 已应约+school+year+range", () => Employer(DataTab.Responded, new() { SchoolId = employerSchoolId, GraduationYear = 2026, InvitedFrom = today.AddDays(-150), InvitedTo = today })),
            ("Employer name+major+year", () => Employer(DataTab.All, new() { StudentName = "王", Major = "软件工程", GraduationYear = 2026 })),
            ("Employer name 王伟, by school", () => Employer(DataTab.All, new() { StudentName = "王伟" }, new PageRequest(0, 10), new SigningListOrder(SigningListSort.SchoolName, Descending: false))),
            ("Employer status+name+range", () => Employer(DataTab.All, new() { ResponseStatus = ResponseStatusFilter.Declined, StudentName = "李", InvitedFrom = today.AddDays(-90), InvitedTo = today })),
            ("School no filter", () => School(new())),
            ("School year 2026", () => School(new() { GraduationYear = 2026 })),
            ("School status Effective", () => School(new() { Status = SigningStatus.Effective })),
            ("School status Expired", () => School(new() { Status = SigningStatus.Expired })),
            ("School date range 30 days", () => School(new() { InvitedFrom = from30.ToDateTime(TimeOnly.MinValue), InvitedTo = today.ToDateTime(TimeOnly.MinValue) })),
            ("School name 王伟", () => School(new() { Name = "王伟" })),
            ("School major 软件工程", () => School(new() { Major = "软件工程" })),
            ("School full ID number", () => School(new() { IdNumber = schoolStudentIdNumber })),
            ("School employer name", () => School(new() { EmployerName = "科技00001" })),
            ("School page 50", () => School(new(), page: 50)),
            ("School year+status+range", () => School(new() { GraduationYear = 2026, Status = SigningStatus.Declined, InvitedFrom = today.AddDays(-150).ToDateTime(TimeOnly.MinValue), InvitedTo = today.ToDateTime(TimeOnly.MinValue) })),
            ("School name+major+employer", () => School(new() { Name = "王", Major = "软件工程", EmployerName = "科技0000" })),
            ("School 签约鉴证 queue, first page", async () => (await SchoolQueue()).Total),
            ("School 签约统计 (year 2026)", async () => (await statistics.GetAsync(school, 2026)).Total.Graduates),
        ];
    }

    /// <summary>
    /// 签约发送 of <paramref name="count"/> students by the measured employer: puts them on the send list (not timed), then
    /// times 预览 + 确认发送 (one transaction) through the portal's service, then removes what the send wrote, so the
    /// database is unchanged for the next run. Returns the milliseconds of preview + send.
    /// </summary>
    public async Task<double> SendBatchAsync(int count, int run)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        List<int> studentIds;
        var started = DateTimeOffset.UtcNow;
        await using (var db = await factory.CreateDbContextAsync())
        {
            // Students of the employer's schools with no active agreement and no open invitation from it (rule 6, rule 13).
            var schools = db.Residencies.Where(r => r.EmployerId == EmployerId && r.Status == ResidencyStatus.Approved).Select(r => r.SchoolId);
            var active = new[] { SigningStatus.AwaitingVerification, SigningStatus.Effective, SigningStatus.TerminationRequested, SigningStatus.TerminationAwaitingVerification };
            studentIds = await db.Students.Where(s => schools.Contains(s.SchoolId)
                    && !db.Signings.Any(g => g.StudentId == s.Id && (Enumerable.Contains(active, g.Status) || (g.EmployerId == EmployerId && g.Status == SigningStatus.Invited))))
                .OrderBy(s => s.Id).Skip(run * 7 % 500).Take(count).Select(s => s.Id).ToListAsync();
            await db.SendList.Where(e => e.EmployerId == EmployerId).ExecuteDeleteAsync();
            db.SendList.AddRange(studentIds.Select(id => new SendListEntry(EmployerId, id, started)));
            await db.SaveChangesAsync();
        }

        var watch = Stopwatch.StartNew();
        var preview = await send.PreviewAsync(employer, studentIds, Letter());
        var result = await send.SendAsync(employer, studentIds, Letter());
        var ms = watch.Elapsed.TotalMilliseconds;
        if (preview.Eligible != count || result.Sent.Count != count)
            throw new InvalidOperationException($"expected {count} eligible students, preview {preview.Eligible}, sent {result.Sent.Count}");

        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Signings.Where(g => g.EmployerId == EmployerId && g.InvitedAt >= started).ExecuteDeleteAsync();
            await db.Notifications.Where(n => n.CreatedAt >= started).ExecuteDeleteAsync();
            await db.Outbox.Where(o => o.CreatedAt >= started).ExecuteDeleteAsync();
        }
        return ms;
    }

    private static LetterForm Letter() => new()
    {
        JobCategory = "计算机与网络", Position = "软件工程师", FeedbackDays = 7, ProbationDays = 90, ProbationSalary = 6000,
        RegularSalary = 7000, Penalty = 0, ReportProvince = "湖北省", ReportCity = "武汉市", ReportDeadline = DateTime.Today.AddDays(90),
        WorkProvince = "湖北省", WorkCity = "武汉市", WorkDetail = "洪山区街道口", ContactName = "张经理", ContactPhone = "13800000000",
    };

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private sealed class BenchEnvironment : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider WebRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
        public string ApplicationName { get; set; } = "WllmSign.ScaleBenchmarks";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
        public string ContentRootPath { get; set; } = Directory.GetCurrentDirectory();
        public string EnvironmentName { get; set; } = "Production";
    }
}
