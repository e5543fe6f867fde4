using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WllmSign.Domain.Invitations;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// Writes many <see cref="SendListEntry"/> rows (made by the domain) inside the caller's transaction with one
/// INSERT … SELECT per chunk whose student IDs travel as one array parameter (<c>json_each</c> on SQLite,
/// <c>unnest</c> on PostgreSQL): EF Core on SQLite sends one command per added entity (10,000 commands for a
/// 10,000-row import), and multi-row VALUES lists cost a parameter per value (decision 029). Every entry of one call
/// has the same employer and time (one import). Table, column names and value conversions come from the EF model, so
/// the SQL follows the mapping. Commands go through <c>ExecuteSqlRawAsync</c> (interceptors and logging see them).
/// </summary>
public static class SendListBulkWriter
{
    /// <summary>Rows per statement: progress is reported after each.</summary>
    public const int RowsPerStatement = 5000;

    public static async Task InsertAsync(AppDbContext db, IReadOnlyList<SendListEntry> entries, IProgress<int>? progress, CancellationToken ct,
        int rowsPerStatement = RowsPerStatement)
    {
        if (entries.Count == 0) return;
        var first = entries[0];
        if (entries.Any(e => e.EmployerId != first.EmployerId || e.AddedAt != first.AddedAt))
            throw new ArgumentException("One employer and one time per call.", nameof(entries));
        var type = db.Model.FindEntityType(typeof(SendListEntry))!;
        var table = type.GetTableName()!;
        var employer = type.FindProperty(nameof(SendListEntry.EmployerId))!;
        var student = type.FindProperty(nameof(SendListEntry.StudentId))!;
        var added = type.FindProperty(nameof(SendListEntry.AddedAt))!;
        var addedAt = added.GetTypeMapping().Converter?.ConvertToProvider(first.AddedAt) ?? first.AddedAt;
        string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var postgres = db.Database.IsNpgsql();
        var rows = postgres ? "SELECT {0}, s, {1} FROM unnest({2}) AS s" : "SELECT {0}, value, {1} FROM json_each({2})";
        var sql = $"INSERT INTO {Q(table)} ({Q(employer.GetColumnName())}, {Q(student.GetColumnName())}, {Q(added.GetColumnName())}) {rows}";

        var done = 0;
        try
        {
            foreach (var chunk in entries.Chunk(rowsPerStatement))
            {
                var ids = chunk.Select(e => e.StudentId).ToArray();
                object list = postgres ? ids : JsonSerializer.Serialize(ids);
                await db.Database.ExecuteSqlRawAsync(sql, [first.EmployerId, addedAt, list], ct);
                done += chunk.Length;
                progress?.Report(done * 100 / entries.Count);
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // Another import or a search added one of these students meanwhile (unique employer + student).
            throw new DomainException(SigningStore.ConflictMessage);
        }
        catch (DbException ex) when (ex.SqlState == "23505")
        {
            throw new DomainException(SigningStore.ConflictMessage);
        }
    }
}
