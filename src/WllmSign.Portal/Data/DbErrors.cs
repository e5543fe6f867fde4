using Microsoft.Data.Sqlite;
using Npgsql;

namespace WllmSign.Portal.Data;

/// <summary>Unique-constraint violations of either provider, for turning a lost race into a Chinese message.</summary>
public static class DbErrors
{
    /// <summary>SQLite constraint error (19) or PostgreSQL unique_violation (23505).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: 19 }
        || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Whether the violated unique index is <paramref name="indexName"/> on <paramref name="table"/>.<paramref name="column"/>.</summary>
    public static bool Violates(DbUpdateException ex, string indexName, string table, string column) => ex.InnerException switch
    {
        // SQLite names the columns, not the index: "UNIQUE constraint failed: Signings.StudentId".
        SqliteException { SqliteErrorCode: 19 } s => s.Message.Contains($"{table}.{column}", StringComparison.Ordinal),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } p => p.ConstraintName == indexName,
        _ => false,
    };
}
