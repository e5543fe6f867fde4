using System.Data.Common;
using Npgsql;

namespace WllmSign.Portal.Infrastructure;

/// <summary>The background jobs that must run on one portal server at a time; the value is the job's advisory-lock key.</summary>
public enum ClusterJob : long
{
    // "WLLM" in the high bytes keeps the keys apart from any other application's advisory locks in the database.
    OutboxSender = 0x574C_4C4D_0001,
    InvitationExpiry = 0x574C_4C4D_0002,
    AgreementIssuing = 0x574C_4C4D_0003,
}

/// <summary>
/// Lets one portal server at a time run a background job (docs/decisions/016-several-servers.md).
/// PostgreSQL (several servers may share the database): a session-level advisory lock,
/// <c>pg_try_advisory_lock(key)</c>, taken on a connection of its own and held for the whole run; another server that
/// tries meanwhile is refused at once and skips its turn. The lock is released when the run ends, or by PostgreSQL
/// itself when the holder's connection ends (a server that crashed or was killed). SQLite (one server by design):
/// always granted, nothing is touched.
/// </summary>
public sealed class ClusterJobs(IDbContextFactory<AppDbContext> dbFactory, IConfiguration config, ILogger<ClusterJobs> logger)
{
    private readonly bool shared = Database.Provider(config) == DatabaseProvider.Postgres;

    /// <summary>The run's permission (dispose it when the run ends), or null when another server is running the job.</summary>
    public async Task<IAsyncDisposable?> TryEnterAsync(ClusterJob job, CancellationToken ct = default)
    {
        if (!shared) return Granted.Instance;
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            var connection = db.Database.GetDbConnection();
            await using var command = Command(connection, "SELECT pg_try_advisory_lock(@key)", job);
            if (await command.ExecuteScalarAsync(ct) is true) return new Held(db, job, logger);
            await db.DisposeAsync();
            return null;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, ClusterJob job)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var key = command.CreateParameter();
        key.ParameterName = "key";
        key.Value = (long)job;
        command.Parameters.Add(key);
        return command;
    }

    private sealed class Granted : IAsyncDisposable
    {
        public static readonly Granted Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The connection that holds the lock; disposing unlocks it and returns the connection to the pool.</summary>
    private sealed class Held(AppDbContext db, ClusterJob job, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            var connection = db.Database.GetDbConnection();
            try
            {
                // Not the run's token: a cancelled run must still let go of the lock.
                await using var command = Command(connection, "SELECT pg_advisory_unlock(@key)", job);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                // The session may still hold the lock: never hand it back to the pool. Clearing the pool closes the
                // physical connection when it is returned, which ends the session and releases the lock.
                logger.LogWarning(ex, "Releasing the {Job} lock failed; closing its connection instead", job);
                if (connection is NpgsqlConnection npgsql) NpgsqlConnection.ClearPool(npgsql);
            }
            finally
            {
                await db.DisposeAsync();
            }
        }
    }
}
