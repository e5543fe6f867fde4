using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Infrastructure;

namespace WllmSign.Tests.Data;

/// <summary>
/// Every SQLite context keeps one open connection from <see cref="SqliteConnectionRental"/> for its life and gives it
/// back when disposed (decision 041): no per-query open/close through Microsoft.Data.Sqlite's locked pool, and nothing
/// of one context's unfinished work reaches the next.
/// </summary>
public sealed class SqliteConnectionRentalTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("wllm-rental-").FullName;
    private readonly SqliteConnectionRental rental;
    private readonly IDbContextFactory<AppDbContext> factory;

    public SqliteConnectionRentalTests()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "t.db"), DefaultTimeout = 1 }.ToString();
        rental = new SqliteConnectionRental(connectionString);
        var app = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).UseApplicationServiceProvider(app).Options;
        factory = Database.AsAppDbContextFactory(new PooledDbContextFactory<SqliteAppDbContext>(options), rental);
        using var db = factory.CreateDbContext();
        db.Database.ExecuteSqlRaw("CREATE TABLE t(x INTEGER)");
    }

    [Fact]
    public void A_context_keeps_one_open_connection_for_all_its_queries_and_the_next_context_gets_it_back()
    {
        System.Data.Common.DbConnection first;
        using (var db = factory.CreateDbContext())
        {
            first = db.Database.GetDbConnection();
            db.Database.ExecuteSqlRaw("INSERT INTO t(x) VALUES (1)");
            Assert.Equal(1, db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM t").AsEnumerable().Single());
            Assert.Same(first, db.Database.GetDbConnection());
            Assert.Equal(System.Data.ConnectionState.Open, first.State);
        }
        Assert.Equal(1, rental.IdleCount);
        using var next = factory.CreateDbContext();
        Assert.Same(first, next.Database.GetDbConnection());
        Assert.Equal(System.Data.ConnectionState.Open, first.State);
        Assert.Equal(0, rental.IdleCount);
    }

    [Fact]
    public void A_connection_left_inside_a_transaction_is_closed_and_never_lent_again()
    {
        System.Data.Common.DbConnection left;
        using (var db = factory.CreateDbContext())
        {
            left = db.Database.GetDbConnection();
            db.Database.ExecuteSqlRaw("BEGIN IMMEDIATE");
            db.Database.ExecuteSqlRaw("INSERT INTO t(x) VALUES (2)");
        }
        Assert.Equal(System.Data.ConnectionState.Closed, left.State);
        Assert.Equal(0, rental.IdleCount);
        using var next = factory.CreateDbContext();
        Assert.NotSame(left, next.Database.GetDbConnection());
        // The abandoned write was rolled back with its connection and holds no lock: the next context writes at once.
        Assert.Equal(0, next.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM t WHERE x = 2").AsEnumerable().Single());
        next.Database.ExecuteSqlRaw("INSERT INTO t(x) VALUES (3)");
    }

    [Fact]
    public void At_most_MaxIdle_connections_wait_and_the_rest_are_closed()
    {
        var rented = Enumerable.Range(0, SqliteConnectionRental.MaxIdle + 5).Select(_ => rental.Rent()).ToList();
        foreach (var connection in rented) rental.Return(connection);
        Assert.Equal(SqliteConnectionRental.MaxIdle, rental.IdleCount);
        Assert.Equal(5, rented.Count(c => c.State == System.Data.ConnectionState.Closed));
        rental.Dispose();
        Assert.Equal(0, rental.IdleCount);
        Assert.All(rented, c => Assert.Equal(System.Data.ConnectionState.Closed, c.State));
    }

    public void Dispose()
    {
        rental.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
