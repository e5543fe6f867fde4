using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Design;

namespace WllmSign.Portal.Data;

/// <summary>
/// The model on SQLite (the embedded default). A subclass only so that it owns its migration set
/// (Data/Migrations/Sqlite, snapshot <c>SqliteAppDbContextModelSnapshot</c>) by exact type, apart from
/// <see cref="PostgresAppDbContext"/>'s; services keep using <see cref="AppDbContext"/>. The migration ids (the rows of
/// <c>__EFMigrationsHistory</c>) did not change when the set moved from <see cref="AppDbContext"/> to this type, so
/// existing databases migrate on as before.
/// </summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    private SqliteConnectionRental? rental;
    private SqliteConnection? rented;

    /// <summary>
    /// Gives this context an open connection from <paramref name="from"/> for its whole life, returned when it is
    /// disposed (decision 041). Called once, before the context is used.
    /// </summary>
    internal void UseRentedConnection(SqliteConnectionRental from)
    {
        rented = from.Rent();
        rental = from;
        Database.SetDbConnection(rented, contextOwnsConnection: false);
    }

    public override void Dispose()
    {
        base.Dispose();
        GiveBack();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GiveBack();
    }

    private void GiveBack()
    {
        if (Interlocked.Exchange(ref rented, null) is { } connection) rental!.Return(connection);
    }
}

/// <summary>
/// For <c>dotnet ef migrations add X --context SqliteAppDbContext -o Data/Migrations/Sqlite</c>: the model only,
/// independent of the host's configuration (which may name PostgreSQL). Same Identity schema version as the portal.
/// </summary>
public sealed class SqliteAppDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var app = new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .BuildServiceProvider();
        return new(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite("Data Source=wllmsign-design.db")
            .UseApplicationServiceProvider(app)
            .Options);
    }
}
