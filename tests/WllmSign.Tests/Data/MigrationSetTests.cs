using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;

namespace WllmSign.Tests.Data;

/// <summary>
/// Each provider owns one migration set, found by its exact context type (decision 012). A model change added to one
/// set only, or written into the other set's snapshot, leaves a set with pending changes: the portal would refuse to
/// start on that provider. No database is needed: the model is compared with the set's snapshot.
/// </summary>
public sealed class MigrationSetTests
{
    private static IServiceProvider IdentityV3() => new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();

    // Own internal service provider (no caching): EF caches one model per context type per internal provider, and a
    // context built elsewhere in the test process without the portal's Identity options (schema version 3) would
    // otherwise lend this test its model.
    private static SqliteAppDbContext Sqlite() => new(new DbContextOptionsBuilder<SqliteAppDbContext>()
        .UseSqlite("Data Source=:memory:").UseApplicationServiceProvider(IdentityV3()).EnableServiceProviderCaching(false).Options);

    private static PostgresAppDbContext Postgres() => new(new DbContextOptionsBuilder<PostgresAppDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=never_opened;Username=postgres").UseApplicationServiceProvider(IdentityV3())
        .EnableServiceProviderCaching(false).Options);

    [Fact]
    public void Sqlite_migration_set_matches_the_model()
    {
        using var db = Sqlite();
        Assert.Empty(PendingOperations(db));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void Postgres_migration_set_matches_the_model()
    {
        using var db = Postgres();
        Assert.Empty(PendingOperations(db));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_two_sets_share_no_migration_and_each_starts_with_its_initial_one()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        var sqliteIds = sqlite.Database.GetMigrations().ToList();
        var postgresIds = postgres.Database.GetMigrations().ToList();

        // The sets were squashed to one initial migration each (decision 034): a later migration comes after these.
        Assert.Equal("20261127000000_InitialCreate", sqliteIds[0]);
        Assert.Equal("20261127000001_InitialPostgres", postgresIds[0]);
        Assert.Empty(sqliteIds.Intersect(postgresIds));
        // Names, not only ids, are unique across the sets (a migration class name says which set it belongs to).
        Assert.Empty(sqliteIds.Select(Name).Intersect(postgresIds.Select(Name)));
    }

    /// <summary>What a new migration of this context would contain (as <c>HasPendingModelChanges</c> compares), named for the failure message.</summary>
    private static List<string> PendingOperations(AppDbContext db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model;
        if (snapshot is IMutableModel mutable) snapshot = mutable.FinalizeModel();
        if (snapshot is not null) snapshot = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        var model = db.GetService<IDesignTimeModel>().Model;
        return db.GetService<IMigrationsModelDiffer>().GetDifferences(snapshot?.GetRelationalModel(), model.GetRelationalModel())
            .Select(o => o.ToString() ?? o.GetType().Name).ToList();
    }

    private static string Name(string id) => id[(id.IndexOf('_') + 1)..];

    [Fact]
    public async Task A_database_made_by_migrations_this_build_does_not_have_is_refused_and_left_as_it_was()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wllm-old-history-{Guid.NewGuid():N}.db");
        try
        {
            var connection = $"Data Source={path};Pooling=False";
            await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection(connection))
            {
                await raw.OpenAsync();
                await using var create = raw.CreateCommand();
                create.CommandText = """
                    CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                    INSERT INTO "__EFMigrationsHistory" VALUES ('20261127090336_InitialCreate', '10.0.0');
                    CREATE TABLE "Schools" ("Id" INTEGER NOT NULL PRIMARY KEY);
                    """;
                await create.ExecuteNonQueryAsync();
            }
            var services = new ServiceCollection()
                .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
                .AddDbContextFactory<SqliteAppDbContext>(o => o.UseSqlite(connection))
                .AddSingleton<IDbContextFactory<AppDbContext>>(p => WllmSign.Portal.Infrastructure.Database.AsAppDbContextFactory(p.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>()))
                .BuildServiceProvider();

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WllmSign.Portal.Infrastructure.Database.MigrateAsync(services));
            Assert.Contains("20261127090336_InitialCreate", refused.Message, StringComparison.Ordinal);
            Assert.Contains("must be deleted and made again", refused.Message, StringComparison.Ordinal);

            // Left as it was: the one table of the old database and its history row, nothing created.
            await using var check = new Microsoft.Data.Sqlite.SqliteConnection(connection);
            await check.OpenAsync();
            await using var tables = check.CreateCommand();
            tables.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";
            Assert.Equal("Schools,__EFMigrationsHistory", await tables.ExecuteScalarAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }
    }
}
