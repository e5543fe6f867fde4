using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WllmSign.Portal.Data;

/// <summary>
/// The same model on PostgreSQL (<c>Database:Provider = Postgres</c>). A subclass only so that it owns its own
/// migration set (Data/Migrations/Postgres); services keep using <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>
/// For <c>dotnet ef migrations add X --context PostgresAppDbContext -o Data/Migrations/Postgres</c>: the model
/// only, no server is contacted.
/// </summary>
public sealed class PostgresAppDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=localhost;Database=wllmsign_design;Username=postgres")
            .Options);
}
