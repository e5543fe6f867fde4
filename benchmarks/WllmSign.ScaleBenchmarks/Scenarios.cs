using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.SchoolAdmin.Shared;
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
    private readonly CurrentUser employer = new("bench-employer", "数据测试科技00001有限公司", Roles.Employer, EmployerId, null, null);
    private readonly CurrentUser school = new("bench-school", "school20001", Roles.SchoolAdmin, null, null, SchoolId);
    private readonly DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);

    public Scenarios(string provider)
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
        sc.AddLogging();
        sc.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        sc.AddPortalDatabase(config, new BenchEnvironment());
        services = sc.BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        employerList = new EmployerSigningListService(factory, TimeProvider.System);
        verification = new VerificationService(factory, new SigningDetailService(factory, TimeProvider.System), new LiveNotifier(), TimeProvider.System,
            new WllmSign.Portal.Features.Audit.AuditLog(factory, TimeProvider.System, new Microsoft.AspNetCore.Http.HttpContextAccessor()));
    }

    public static IEnumerable<string> ConfiguredProviders()
    {
        if (Environment.GetEnvironmentVariable("WLLM_BENCH_SQLITE") is { Length: > 0 }) yield return "Sqlite";
        if (Environment.GetEnvironmentVariable("WLLM_BENCH_POSTGRES") is { Length: > 0 }) yield return "Postgres";
    }

    /// <summary>数据管理, tab 全部, no filter: the first page and the total.</summary>
    public Task<SigningListPage> EmployerAll() =>
        employerList.ListAsync(employer, DataTab.All, new SigningListFilter(), new SigningListPaging());

    /// <summary>数据管理, tab 已应约, filtered by school, graduation year and a 150-day invitation range: page + total.</summary>
    public Task<SigningListPage> EmployerFiltered() =>
        employerList.ListAsync(employer, DataTab.Responded, new SigningListFilter
        {
            SchoolId = 3, GraduationYear = 2026, InvitedFrom = today.AddDays(-150), InvitedTo = today,
        }, new SigningListPaging());

    /// <summary>数据管理, tab 全部, by major (contains): page + total.</summary>
    public Task<SigningListPage> EmployerByMajor() =>
        employerList.ListAsync(employer, DataTab.All, new SigningListFilter { Major = "软件工程" }, new SigningListPaging());

    /// <summary>数据管理, tab 全部, by student name (a common surname + given name), sorted by school name.</summary>
    public Task<SigningListPage> EmployerByNameSortedBySchool() =>
        employerList.ListAsync(employer, DataTab.All, new SigningListFilter { StudentName = "王伟" },
            new SigningListPaging(Sort: SigningListSort.SchoolName, Descending: false));

    /// <summary>签约鉴证 queue of a school: the first page (oldest first) and the total.</summary>
    public Task<Page<VerificationRow>> SchoolQueue() =>
        verification.QueueAsync(school, VerificationKind.Signing, new VerificationFilter(), new PageRequest(0, 20));

    public IReadOnlyList<(string Name, Func<Task<int>> Run)> All() =>
    [
        ("EmployerList_All_FirstPage", async () => (await EmployerAll()).Total),
        ("EmployerList_Filtered", async () => (await EmployerFiltered()).Total),
        ("EmployerList_ByMajor", async () => (await EmployerByMajor()).Total),
        ("EmployerList_ByName_SortedBySchool", async () => (await EmployerByNameSortedBySchool()).Total),
        ("SchoolVerificationQueue_FirstPage", async () => (await SchoolQueue()).Total),
    ];

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
