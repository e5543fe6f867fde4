using Microsoft.EntityFrameworkCore.Design;

namespace WllmSign.Portal.Data;

/// <summary>
/// The same model on PostgreSQL (<c>Database:Provider = Postgres</c>). A subclass only so that it owns its own
/// migration set (Data/Migrations/Postgres); services keep using <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>
/// For <c>dotnet ef migrations add X --context PostgresAppDbContext -o Data/Migrations/Postgres</c>: the model
/// only, no server is contacted. Identity shapes its tables from <see cref="IdentityOptions"/> found in the
/// application's services (schema version 3 adds the passkeys table): give it the same options the portal uses.
/// </summary>
public sealed class PostgresAppDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var app = new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .BuildServiceProvider();
        return new(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=localhost;Database=wllmsign_design;Username=postgres")
            .UseApplicationServiceProvider(app)
            .Options);
    }
}
