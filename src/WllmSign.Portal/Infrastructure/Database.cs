using Microsoft.Data.Sqlite;

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
    /// <c>ConnectionStrings:Postgres</c>). Every context is the provider's subclass (<see cref="SqliteAppDbContext"/>,
    /// <see cref="PostgresAppDbContext"/>), which owns its migration set, while services keep asking for
    /// <see cref="AppDbContext"/>.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        if (Provider(config) == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresConnectionString(config);
            return services.AddAppDbContext<PostgresAppDbContext>(o => TestCommitPause.AddIfConfigured(o.UseNpgsql(connectionString), config));
        }

        var sqlite = SqliteConnectionString(config, env.ContentRootPath);
        // Each context keeps one open connection from here for its life (decision 041).
        services.AddSingleton(_ => new SqliteConnectionRental(sqlite));
        return services.AddAppDbContext<SqliteAppDbContext>(o => TestCommitPause.AddIfConfigured(o.UseSqlite(sqlite), config));
    }

    /// <summary>
    /// Registers a provider's context (<see cref="SqliteAppDbContext"/> or <see cref="PostgresAppDbContext"/>) so that
    /// services see <see cref="IDbContextFactory{AppDbContext}"/> and the scoped <see cref="AppDbContext"/> (Identity's
    /// stores, the Data Protection key ring) while EF Core finds the migration set of the concrete type.
    /// </summary>
    public static IServiceCollection AddAppDbContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : AppDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.AddSingleton(sp => AsAppDbContextFactory(sp.GetRequiredService<IDbContextFactory<TContext>>(), sp.GetService<SqliteConnectionRental>()));
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
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
        await RefuseUnknownHistoryAsync(db);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        // A migration may rewrite a large table (e.g. filling the signings' search copies): no 30-second limit.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// A database whose history names migrations this build does not have (one made before the migrations were
    /// squashed, decision 034, or by a newer build) is refused before anything is written: EF Core would otherwise try
    /// to create every table again and stop half way with "table already exists".
    /// </summary>
    public static async Task RefuseUnknownHistoryAsync(AppDbContext db)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync()).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count == 0) return;
        throw new InvalidOperationException(
            $"The database was made by migrations this build does not have ({string.Join(", ", unknown.Take(3))}{(unknown.Count > 3 ? ", …" : "")}). " +
            "Since decision 034 each provider has one initial migration: a database made before it (a demo database in " +
            "src/WllmSign.Portal/App_Data, a generated one) must be deleted and made again. Nothing was changed.");
    }

    /// <summary>A provider's context factory seen as <see cref="IDbContextFactory{AppDbContext}"/> (the interface is not covariant).</summary>
    /// <remarks>With a <paramref name="rental"/>, every SQLite context is given one of its open connections (decision 041).</remarks>
    public static IDbContextFactory<AppDbContext> AsAppDbContextFactory<TContext>(IDbContextFactory<TContext> inner,
        SqliteConnectionRental? rental = null)
        where TContext : AppDbContext => new UpcastFactory<TContext>(inner, rental);

    /// <summary>Hands out the provider's contexts to services that ask for <see cref="AppDbContext"/>.</summary>
    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner, SqliteConnectionRental? rental)
        : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => Lend(inner.CreateDbContext());

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            Lend(await inner.CreateDbContextAsync(cancellationToken));

        private AppDbContext Lend(TContext db)
        {
            if (rental is not null && db is SqliteAppDbContext sqlite) sqlite.UseRentedConnection(rental);
            return db;
        }
    }
}
