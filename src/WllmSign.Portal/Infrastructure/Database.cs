using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WllmSign.Portal.Data;

namespace WllmSign.Portal.Infrastructure;

public static class Database
{
    /// <summary>
    /// Registers the context factory (and the scoped context Identity needs). The SQLite file named by
    /// <c>Database:SqlitePath</c> is resolved against the content root, so the working directory does not matter.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        var connectionString = SqliteConnectionString(config, env.ContentRootPath);
        services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(connectionString));
        return services;
    }

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

    /// <summary>Applies migrations and switches SQLite to WAL (write-ahead logging) mode.</summary>
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
}
