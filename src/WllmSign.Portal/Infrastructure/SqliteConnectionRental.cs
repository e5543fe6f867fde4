using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace WllmSign.Portal.Infrastructure;

/// <summary>
/// Open SQLite connections lent to contexts, one per context for its whole life (decision 041).
/// <para>
/// Under the peak load (issue #24) most of the portal's threads stood in a lock of Microsoft.Data.Sqlite's own pool:
/// every query opened and closed a pooled connection (<c>SqliteConnectionPool.GetConnection</c> and <c>Return</c> take
/// one monitor), two or three times per interaction, on 2 cores shared by thousands of circuits. Here a context rents
/// one already-open connection when it is made and gives it back when it is disposed: no open, no close, and the stack
/// of idle connections takes no lock. Microsoft.Data.Sqlite's pool is switched off for these connections.
/// </para>
/// <para>
/// A connection comes back only in autocommit state (no transaction left open) and only while fewer than
/// <see cref="MaxIdle"/> wait; otherwise it is closed. A connection that failed is closed, never lent again.
/// </para>
/// </summary>
public sealed class SqliteConnectionRental : IDisposable
{
    /// <summary>Idle connections kept at most (each holds SQLite's page cache, up to about 2 MB).</summary>
    public const int MaxIdle = 64;

    private readonly string connectionString;
    private readonly ConcurrentStack<SqliteConnection> idle = new();
    private int idleCount;
    private volatile bool disposed;

    public SqliteConnectionRental(string connectionString)
    {
        this.connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    }

    /// <summary>Connections waiting to be lent.</summary>
    public int IdleCount => Volatile.Read(ref idleCount);

    /// <summary>An open connection for one context.</summary>
    public SqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref idleCount);
            return connection;
        }
        connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Takes a connection back; closes it instead when it is not clean or enough are idle.</summary>
    public void Return(SqliteConnection connection)
    {
        if (disposed || connection.State != System.Data.ConnectionState.Open || !InAutocommit(connection))
        {
            connection.Dispose();
            return;
        }
        if (Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            connection.Dispose();
            return;
        }
        idle.Push(connection);
        if (disposed) CloseIdle();
    }

    public void Dispose()
    {
        disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref idleCount);
            connection.Dispose();
        }
    }

    /// <summary>False while a transaction is open on the connection (a context disposed half way through one).</summary>
    private static bool InAutocommit(SqliteConnection connection) =>
        connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;
}
