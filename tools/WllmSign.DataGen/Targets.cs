using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WllmSign.Portal.Data;

namespace WllmSign.DataGen;

/// <summary>A database to fill: the portal's schema (its own migrations), then bulk rows without EF change tracking.</summary>
public interface ITarget : IAsyncDisposable
{
    string Describe();
    Task MigrateAsync();
    Task<bool> IsEmptyAsync();
    Task BulkAsync(Table table, IEnumerable<object?[]> rows, long expected);
    Task FinishAsync();
}

internal static class Progress
{
    public static void Report(Table table, long done, long expected, Stopwatch watch, bool final = false)
    {
        var rate = done / Math.Max(0.001, watch.Elapsed.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {table.Name,-18} {done,10:N0} / {expected,10:N0}  {rate,9:N0} rows/s{(final ? $"  done in {watch.Elapsed.TotalSeconds:F1} s" : "")}"));
    }

    /// <summary>The model the portal builds (Identity schema version 3, like PortalSetup), so the migrations match it.</summary>
    public static IServiceProvider AppServices() => new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

/// <summary>SQLite: one prepared INSERT per table, 100,000 rows per transaction, synchronous=OFF while loading.</summary>
public sealed class SqliteTarget(string path) : ITarget
{
    private const int RowsPerTransaction = 100_000;
    private readonly string connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false }.ToString();

    public string Describe() => $"SQLite {Path.GetFullPath(path)}";

    public async Task MigrateAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(connectionString).UseApplicationServiceProvider(Progress.AppServices()).Options);
        await db.Database.MigrateAsync();
    }

    public async Task<bool> IsEmptyAsync()
    {
        await using var c = await OpenAsync();
        await using var cmd = new SqliteCommand("SELECT (SELECT COUNT(*) FROM Signings) + (SELECT COUNT(*) FROM Students)", c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var c = new SqliteConnection(connectionString);
        await c.OpenAsync();
        await using var pragma = new SqliteCommand("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;", c);
        await pragma.ExecuteNonQueryAsync();
        return c;
    }

    public async Task BulkAsync(Table table, IEnumerable<object?[]> rows, long expected)
    {
        var watch = Stopwatch.StartNew();
        await using var c = await OpenAsync();
        var sql = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(x => $"\"{x}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
        var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var cmd = new SqliteCommand(sql, c, tx);
        var parameters = table.Columns.Select((_, i) => cmd.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        cmd.Prepare();
        long done = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) parameters[i].Value = ToSqlite(row[i]);
            cmd.ExecuteNonQuery();
            if (++done % RowsPerTransaction == 0)
            {
                await tx.CommitAsync();
                await tx.DisposeAsync();
                tx = (SqliteTransaction)await c.BeginTransactionAsync();
                cmd.Transaction = tx;
                if (done % (RowsPerTransaction * 5) == 0) Progress.Report(table, done, expected, watch);
            }
        }
        await tx.CommitAsync();
        await tx.DisposeAsync();
        await cmd.DisposeAsync();
        Progress.Report(table, done, expected, watch, final: true);
    }

    /// <summary>The portal's SQLite representation: UTC ticks, ISO dates, upper-case GUID text, 0/1.</summary>
    private static object ToSqlite(object? v) => v switch
    {
        null => DBNull.Value,
        DateTimeOffset d => d.UtcTicks,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => g.ToString().ToUpperInvariant(),
        bool b => b ? 1 : 0,
        _ => v,
    };

    public async Task FinishAsync()
    {
        await using var c = await OpenAsync();
        await using var cmd = new SqliteCommand("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", c) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

/// <summary>PostgreSQL: one text-format COPY per table (a single transaction each), then the identity sequences and ANALYZE.</summary>
public sealed class PostgresTarget(string connection) : ITarget
{
    // No command timeout: finishing a COPY of a million rows (index maintenance, the copies' trigger) can take
    // longer than Npgsql's default 30 s on a busy machine.
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(connection) { CommandTimeout = 0 }.ToString();

    public string Describe() => $"PostgreSQL {new NpgsqlConnectionStringBuilder(connectionString).Host}:{new NpgsqlConnectionStringBuilder(connectionString).Port}/{new NpgsqlConnectionStringBuilder(connectionString).Database}";

    public async Task MigrateAsync()
    {
        // Creates the database when missing.
        await using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql(connectionString).UseApplicationServiceProvider(Progress.AppServices()).Options);
        await db.Database.MigrateAsync();
    }

    public async Task<bool> IsEmptyAsync()
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT (SELECT COUNT(*) FROM \"Signings\") + (SELECT COUNT(*) FROM \"Students\")", c);
        return (long)(await cmd.ExecuteScalarAsync())! == 0;
    }

    public async Task BulkAsync(Table table, IEnumerable<object?[]> rows, long expected)
    {
        var watch = Stopwatch.StartNew();
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var copy = $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(x => $"\"{x}\""))}) FROM STDIN";
        long done = 0;
        await using (var writer = await c.BeginTextImportAsync(copy))
        {
            var line = new StringBuilder(1024);
            foreach (var row in rows)
            {
                line.Clear();
                for (var i = 0; i < row.Length; i++)
                {
                    if (i > 0) line.Append('\t');
                    AppendText(line, row[i]);
                }
                line.Append('\n');
                await writer.WriteAsync(line);
                if (++done % 500_000 == 0) Progress.Report(table, done, expected, watch);
            }
        }
        Progress.Report(table, done, expected, watch, final: true);
    }

    /// <summary>COPY's text format: \N for null, backslash escapes, ISO timestamps in UTC.</summary>
    private static void AppendText(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null: sb.Append("\\N"); break;
            case DateTimeOffset d: sb.Append(d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("+00"); break;
            case DateOnly d: sb.Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case bool b: sb.Append(b ? 't' : 'f'); break;
            case string s:
                foreach (var ch in s)
                {
                    switch (ch)
                    {
                        case '\\': sb.Append("\\\\"); break;
                        case '\t': sb.Append("\\t"); break;
                        case '\n': sb.Append("\\n"); break;
                        case '\r': sb.Append("\\r"); break;
                        default: sb.Append(ch); break;
                    }
                }
                break;
            case IFormattable f: sb.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: sb.Append(v); break;
        }
    }

    public async Task FinishAsync()
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        foreach (var t in Tables.WithIdentity)
        {
            await using var seq = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('\"{t.Name}\"', 'Id'), (SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"{t.Name}\"), false)", c);
            await seq.ExecuteNonQueryAsync();
        }
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
