using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WllmSign.Portal.Infrastructure;

/// <summary>The <c>Testing</c> section: test-only hooks, every one off unless set (never in production).</summary>
public sealed class TestingOptions
{
    public const string Section = "Testing";

    /// <summary>The table whose writing transaction is held before its COMMIT; empty: the hook is off.</summary>
    public string? PauseCommitWritingTable { get; set; }

    /// <summary>Which such transaction (1 = the first) is held.</summary>
    public int PauseCommitNumber { get; set; } = 1;
}

/// <summary>
/// A test-only hook for the crash-safety tests, OFF unless <c>Testing:PauseCommitWritingTable</c> is set: the
/// <c>Testing:PauseCommitNumber</c>-th transaction (default 1) that inserts into or updates that table stops just
/// before its COMMIT, prints <see cref="Marker"/> on standard output and waits forever, so that a test can kill
/// the process (SIGKILL) with the transaction's changes written but not committed. Never set it in production:
/// the held transaction keeps SQLite's write lock.
/// </summary>
public sealed class TestCommitPause : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Marker = "WLLM-TEST-HOOK commit held";

    private readonly string table;
    private readonly int number;
    private readonly ConditionalWeakTable<DbTransaction, object> writing = [];
    private int seen;

    private TestCommitPause(string table, int number)
    {
        this.table = table;
        this.number = Math.Max(1, number);
    }

    /// <summary>Adds the hook to <paramref name="options"/> when the configuration asks for it; otherwise does nothing.</summary>
    public static void AddIfConfigured(DbContextOptionsBuilder options, IConfiguration config)
    {
        var testing = OptionsBinding.ReadOptions<TestingOptions>(config, TestingOptions.Section);
        if (testing.PauseCommitWritingTable is not { Length: > 0 } table) return;
        options.AddInterceptors(Shared.GetOrAdd((table, testing.PauseCommitNumber), key => new TestCommitPause(key.Table, key.Number)));
    }

    // One instance per setting, so that every context counts the same transactions.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Table, int Number), TestCommitPause> Shared = new();

    private void Note(DbCommand command)
    {
        if (command.Transaction is not { } tx) return;
        var text = command.CommandText;
        if (text.Contains($"INSERT INTO \"{table}\"", StringComparison.Ordinal) || text.Contains($"UPDATE \"{table}\"", StringComparison.Ordinal))
            writing.AddOrUpdate(tx, this);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    private bool ShouldHold(DbTransaction transaction) =>
        writing.TryGetValue(transaction, out _) && Interlocked.Increment(ref seen) == number;

    private void Announce()
    {
        Console.Out.WriteLine($"{Marker}: transaction {number} writing {table}");
        Console.Out.Flush();
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (!ShouldHold(transaction)) return result;
        Announce();
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (!ShouldHold(transaction)) return result;
        Announce();
        Thread.Sleep(Timeout.Infinite);
        return result;
    }
}
