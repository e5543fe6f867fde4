using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WllmSign.Portal.Data;

/// <summary>
/// The model on SQLite (the embedded default). A subclass only so that it owns its migration set
/// (Data/Migrations/Sqlite, snapshot <c>SqliteAppDbContextModelSnapshot</c>) by exact type, apart from
/// <see cref="PostgresAppDbContext"/>'s; services keep using <see cref="AppDbContext"/>. The migration ids (the rows of
/// <c>__EFMigrationsHistory</c>) did not change when the set moved from <see cref="AppDbContext"/> to this type, so
/// existing databases migrate on as before.
/// </summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

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
