using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WllmSign.Portal.Data;

namespace WllmSign.Portal.Infrastructure;

/// <summary>The database provider, chosen by configuration alone: <c>Database:Provider</c> = <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class Database
{
    /// <summary>
    /// Registers the context factory (and the scoped context Identity and Data Protection need).
    /// SQLite: the file named by <c>Database:SqlitePath</c>, resolved against the content root, so the working
    /// directory does not matter. PostgreSQL: the connection string <c>Database:Postgres</c> (or
    /// <c>ConnectionStrings:Postgres</c>); every context is a <see cref="PostgresAppDbContext"/>, which owns the
    /// PostgreSQL migration set, while services keep asking for <see cref="AppDbContext"/>.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        if (Provider(config) == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresConnectionString(config);
            services.AddDbContextFactory<PostgresAppDbContext>(o => TestCommitPause.AddIfConfigured(o.UseNpgsql(connectionString), config));
            services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                new UpcastFactory(sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
            return services;
        }

        var sqlite = SqliteConnectionString(config, env.ContentRootPath);
        services.AddDbContextFactory<AppDbContext>(o => TestCommitPause.AddIfConfigured(o.UseSqlite(sqlite), config));
        return services;
    }

    public static DatabaseProvider Provider(IConfiguration config)
    {
        var value = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value) || value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)) return DatabaseProvider.Sqlite;
        if (value.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || value.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            return DatabaseProvider.Postgres;
        throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{value}'.");
    }

    public static string PostgresConnectionString(IConfiguration config) =>
        config["Database:Postgres"] is { Length: > 0 } cs ? cs
        : config.GetConnectionString("Postgres") is { Length: > 0 } named ? named
        : throw new InvalidOperationException("Database:Provider is Postgres but neither Database:Postgres nor ConnectionStrings:Postgres is set.");

    public static string SqliteConnectionString(IConfiguration config, string contentRoot)
    {
        var path = config["Database:SqlitePath"] ?? "App_Data/wllmsign.db";
        if (!Path.IsPathRooted(path)) path = Path.Combine(contentRoot, path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Applies the provider's migration set; on SQLite also switches to WAL (write-ahead logging) mode.</summary>
    public static async Task MigrateAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync();
    }

    /// <summary>Hands out <see cref="PostgresAppDbContext"/> instances to services that ask for <see cref="AppDbContext"/>.</summary>
    private sealed class UpcastFactory(IDbContextFactory<PostgresAppDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
