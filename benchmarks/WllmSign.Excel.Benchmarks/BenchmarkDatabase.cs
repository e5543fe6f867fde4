using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Schools;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Infrastructure;

namespace WllmSign.Excel.Benchmarks;

/// <summary>A migrated SQLite file in a temp folder (WAL, as the portal runs it) with a school, a resident employer and students.</summary>
public sealed class BenchmarkDatabase : IDisposable
{
    public const int Year = 2027;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "wllmsign-bench", Guid.NewGuid().ToString("N"));

    public IDbContextFactory<AppDbContext> Factory { get; }
    public string ConnectionString { get; }
    public int SchoolId { get; private set; }
    public string SchoolName { get; } = "湖北工业大学";
    public int EmployerId { get; private set; }
    public CurrentUser Employer => new("bench-employer", DemoData.EmployerName, Roles.Employer, EmployerId, null, null);
    public CurrentUser SchoolAdmin => new("bench-school", "管理员", Roles.SchoolAdmin, null, null, SchoolId);

    public BenchmarkDatabase()
    {
        Directory.CreateDirectory(folder);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "bench.db"), Pooling = true }.ToString();
        // The Identity schema version lives in IdentityOptions (the portal sets Version3); without it the model differs from the migrations.
        var services = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).UseApplicationServiceProvider(services).Options;
        Factory = Database.AsAppDbContextFactory(new PooledDbContextFactory<SqliteAppDbContext>(options));
    }

    public async Task CreateAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.CloseConnectionAsync();
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var school = new School("10500", SchoolName, "湖北省 - 武汉市", "湖北工业大学就业信息网");
        db.Schools.Add(school);
        var employer = new Employer(DemoData.EmployerName, DemoData.EmployerCreditCode, "董先生", "15821082340", DemoData.EmployerEmail, now);
        db.Employers.Add(employer);
        await db.SaveChangesAsync();
        var residency = new Residency(employer.Id, school.Id, now);
        residency.Approve("admin", now);
        db.Residencies.Add(residency);
        await db.SaveChangesAsync();
        SchoolId = school.Id;
        EmployerId = employer.Id;
    }

    /// <summary>Inserts students with one prepared command in one transaction (set-up only, not measured). Returns (name, id number).</summary>
    public List<(string Name, string IdNumber)> SeedStudents(int count)
    {
        var random = new Random(20261127);
        var used = new HashSet<string>();
        var students = new List<(string, string)>(count);
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO Students (SchoolId, GraduationYear, Name, IdNumber, Gender, StudentNumber, Faculty, Major, Degree, PoliticalStatus, Phone)
            VALUES ($school, $year, $name, $id, $gender, $number, '计算机学院', '软件工程', '本科生毕业', '共青团员', '13800138000')
            """;
        var pSchool = cmd.Parameters.Add("$school", SqliteType.Integer);
        var pYear = cmd.Parameters.Add("$year", SqliteType.Integer);
        var pName = cmd.Parameters.Add("$name", SqliteType.Text);
        var pId = cmd.Parameters.Add("$id", SqliteType.Text);
        var pGender = cmd.Parameters.Add("$gender", SqliteType.Text);
        var pNumber = cmd.Parameters.Add("$number", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            var id = DemoData.NewIdNumber(random, Year, used);
            var name = $"学生{i:D6}";
            (pSchool.Value, pYear.Value, pName.Value, pId.Value, pGender.Value, pNumber.Value) =
                (SchoolId, Year, name, id, IdNumber.Parse(id).Gender, $"2023{i:D7}");
            cmd.ExecuteNonQuery();
            students.Add((name, id));
        }
        tx.Commit();
        return students;
    }

    public void Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
