using System.Data.Common;
using System.IO.Compression;
using ExcelDataReader;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SpreadCheetah;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Domain.Students;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Excel;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Excel;

/// <summary>
/// The real portal database (demo data: the employer resident at 10500 and 10491) and the Excel services built on a
/// context factory that counts commands and can fail on purpose.
/// </summary>
public abstract class ExcelTestBed : IAsyncLifetime
{
    protected readonly FakeClock Clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    protected PortalFactory Portal { get; }
    protected readonly CommandCounter Commands = new();
    protected int EmployerId, SchoolId, OtherResidentSchoolId, NonResidentSchoolId, Year;
    protected string EmployerName = "";
    protected CurrentUser Employer = null!, SchoolAdmin = null!;
    protected TestDbFactory Factory = null!;

    /// <summary>The demo employer's signings: an open invitation, or (accepted) an active agreement.</summary>
    protected Given Given = null!;

    /// <param name="servicesOnly">The import, export and template services are called directly: the portal's request
    /// pipeline is not built unless a class also sends it requests (<see cref="PortalFactory"/>).</param>
    protected ExcelTestBed(bool servicesOnly = true) => Portal = new PortalFactory(seedDemo: true, clock: Clock, servicesOnly: servicesOnly);

    // ExcelDataReader needs the code pages (1252) even for .xlsx; the portal's reader registers them the same way.
    static ExcelTestBed() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public virtual async Task InitializeAsync()
    {
        await using var db = Db();
        var employer = await db.Employers.SingleAsync(e => e.CreditCode == DemoData.EmployerCreditCode);
        EmployerId = employer.Id;
        EmployerName = employer.Name;
        SchoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
        OtherResidentSchoolId = await db.Schools.Where(s => s.Code == "10491").Select(s => s.Id).SingleAsync();
        NonResidentSchoolId = await db.Schools.Where(s => s.Code == "10504").Select(s => s.Id).SingleAsync();
        Year = WllmSign.Domain.Students.GraduationYear.Current(Clock);
        Employer = new CurrentUser("employer-user", EmployerName, Roles.Employer, EmployerId, null, null);
        SchoolAdmin = new CurrentUser("school-user", "湖北工业大学管理员", Roles.SchoolAdmin, null, null, SchoolId);
        Factory = new TestDbFactory(Portal, Commands);
        Given = await Given.InAsync(Portal, Clock);
    }

    public virtual async Task DisposeAsync() => await Portal.DisposeAsync();

    protected AppDbContext Db() => Portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>The import service; <paramref name="lookupChunk"/> and <paramref name="rowsPerInsert"/> lower its chunk
    /// sizes so that small files cross the chunk edges.</summary>
    protected SendListImportService SendListImport(IDbContextFactory<AppDbContext>? factory = null, int? lookupChunk = null, int? rowsPerInsert = null) =>
        new(factory ?? Factory, Clock, new RejectedRowsStore(Clock), ExcelLimits.Default,
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<WllmSign.Portal.Infrastructure.CircuitRateLimits>(Portal.Services))
        {
            LookupChunk = lookupChunk ?? SendListImportService.ChunkSize,
            RowsPerInsert = rowsPerInsert ?? SendListBulkWriter.RowsPerStatement,
        };

    protected RosterImportService RosterImport() => new(Factory, new RejectedRowsStore(Clock), ExcelLimits.Default);

    protected ExcelExportService Exports() => new(Factory, Clock, NullLogger<ExcelExportService>.Instance);

    /// <summary>The exports of the lists, each next to its list, on the test's database.</summary>
    protected WllmSign.Portal.Features.DataCenter.SigningListExport SigningListExporter(ExcelExportService? exports = null) => new(exports ?? Exports(), Clock);
    protected WllmSign.Portal.Features.SchoolAdmin.Roster.RosterExport RosterExporter() => new(Exports());
    protected WllmSign.Portal.Features.SchoolAdmin.Data.SchoolDataExport SchoolDataExporter() => new(Exports(), Clock);
    protected WllmSign.Portal.Features.Invitations.SendListExport SendListExporter() => new(Exports());

    protected async Task<List<Student>> StudentsOf(int schoolId)
    {
        await using var db = Db();
        return await db.Students.AsNoTracking().Where(s => s.SchoolId == schoolId).OrderBy(s => s.Id).ToListAsync();
    }

    protected async Task<string> SchoolName(int schoolId)
    {
        await using var db = Db();
        return await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).SingleAsync();
    }

    /// <summary>Adds <paramref name="count"/> students of the current year to a school's roster, through the domain.</summary>
    protected async Task<List<Student>> AddStudentsAsync(int schoolId, int count, int seed = 7)
    {
        await using var db = Db();
        var used = (await db.Students.Select(s => s.IdNumber).ToListAsync()).ToHashSet();
        var random = new Random(seed);
        var added = Enumerable.Range(0, count).Select(i => new Student(schoolId, Year, $"学生{i:D5}", DemoData.NewIdNumber(random, Year, used),
            $"T{seed}{i:D6}", "计算机学院", "软件工程", "本科生毕业")).ToList();
        db.Students.AddRange(added);
        await db.SaveChangesAsync();
        return added;
    }

    /// <summary>Everything an import could change, to compare before and after a refused file.</summary>
    protected async Task<string> SnapshotAsync()
    {
        await using var db = Db();
        var sendList = await db.SendList.OrderBy(e => e.Id).Select(e => e.EmployerId + ":" + e.StudentId).ToListAsync();
        var students = await db.Students.OrderBy(s => s.Id)
            .Select(s => s.Id + ":" + s.SchoolId + ":" + s.GraduationYear + ":" + s.Name + ":" + s.IdNumber + ":" + s.Major + ":" + s.Phone).ToListAsync();
        return string.Join("|", sendList) + "#" + string.Join("|", students);
    }

    // ---- spreadsheets ----

    public static byte[] Xlsx(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        using var ms = new MemoryStream();
        var book = Spreadsheet.CreateNewAsync(ms).AsTask().GetAwaiter().GetResult();
        book.StartWorksheetAsync("Sheet1").AsTask().GetAwaiter().GetResult();
        book.AddHeaderRowAsync(headers.ToArray()).AsTask().GetAwaiter().GetResult();
        foreach (var row in rows)
        {
            var cells = row.Select(v => v switch
            {
                null => new Cell((string?)null),
                string s => new Cell(s),
                int i => new Cell(i),
                double d => new Cell(d),
                _ => new Cell(v.ToString()),
            }).ToArray();
            book.AddRowAsync(cells).AsTask().GetAwaiter().GetResult();
        }
        book.FinishAsync().AsTask().GetAwaiter().GetResult();
        book.Dispose();
        return ms.ToArray();
    }

    public static byte[] SendListXlsx(IEnumerable<object?[]> rows) => Xlsx(ExcelSheets.SendList.Headers, rows);

    public static object?[] Row(string school, object year, string name, object id) => [school, year, name, id];

    /// <summary>Reads a workbook's first sheet back with ExcelDataReader: the header row, then the data rows as text.</summary>
    public static (List<string> Headers, List<List<string>> Rows) ReadBack(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        Assert.True(reader.Read());
        var headers = Enumerable.Range(0, reader.FieldCount).Select(i => ExcelCells.Text(reader.GetValue(i))).ToList();
        var rows = new List<List<string>>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => ExcelCells.Text(reader.GetValue(i))).ToList());
        return (headers, rows);
    }

    public static async Task<byte[]> WriteAsync(Func<Stream, Task> write)
    {
        using var ms = new MemoryStream();
        await write(ms);
        return ms.ToArray();
    }

    /// <summary>A part of an .xlsx package (e.g. xl/worksheets/sheet1.xml) as text.</summary>
    public static string Part(byte[] xlsx, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}

/// <summary>Counts the commands EF sends; can throw on a chosen one to simulate a failure half-way.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int count;
    public int Count => count;
    public List<string> Texts { get; } = [];
    public Func<DbCommand, int, bool>? FailWhen { get; set; }
    public void Reset() { count = 0; lock (Texts) Texts.Clear(); }

    private void Seen(DbCommand command)
    {
        var n = Interlocked.Increment(ref count);
        lock (Texts) Texts.Add(command.CommandText);
        if (FailWhen?.Invoke(command, n) == true) throw new InvalidOperationException("simulated failure half-way");
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Seen(command); return result; }
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Seen(command); return ValueTask.FromResult(result); }
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    { Seen(command); return result; }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Seen(command); return ValueTask.FromResult(result); }
    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    { Seen(command); return result; }
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Seen(command); return ValueTask.FromResult(result); }
}

/// <summary>Contexts on the portal's SQLite file with the command counter attached.</summary>
public sealed class TestDbFactory(PortalFactory portal, CommandCounter counter, int? maxBatchSize = null) : IDbContextFactory<AppDbContext>
{
    /// <summary>A context on the portal's own database (SQLite file, or its PostgreSQL database in the second test pass) with the command counter.</summary>
    public AppDbContext CreateDbContext()
    {
        if (portal.PostgresConnectionString is { } postgres)
        {
            return new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
                .UseNpgsql(postgres, o => { if (maxBatchSize is { } m) o.MaxBatchSize(m); })
                .AddInterceptors(counter)
                .Options);
        }
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={portal.DbPath}", o => { if (maxBatchSize is { } m) o.MaxBatchSize(m); })
            .AddInterceptors(counter)
            .Options;
        return new SqliteAppDbContext(options);
    }
}
