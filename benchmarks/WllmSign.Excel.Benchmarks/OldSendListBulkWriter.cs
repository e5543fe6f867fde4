using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Invitations;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Signings;

using WllmSign.Portal.Features.Excel;

namespace WllmSign.Excel.Benchmarks;

/// <summary>
/// FROZEN COPY of <c>SendListBulkWriter</c> as it was on main before decision 029 (multi-row VALUES, 300 rows a
/// statement), used only by <see cref="OldSendListImportService"/>. Original summary:
/// Writes many <see cref="SendListEntry"/> rows (made by the domain) with multi-row INSERT statements inside the
/// caller's transaction: EF Core on SQLite sends one command per added entity, which is 10,000 commands for a
/// 10,000-row import. Table, column names and value conversions come from the EF model, so the SQL follows the
/// mapping. Commands go through <c>ExecuteSqlRawAsync</c> (interceptors and logging see them).
/// </summary>
public static class OldSendListBulkWriter
{
    /// <summary>Rows per statement: 3 parameters each, under SQLite's classic 999-parameter limit.</summary>
    public const int RowsPerStatement = 300;

    public static async Task InsertAsync(AppDbContext db, IReadOnlyList<SendListEntry> entries, IProgress<int>? progress, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(SendListEntry))!;
        var table = type.GetTableName()!;
        var employer = type.FindProperty(nameof(SendListEntry.EmployerId))!;
        var student = type.FindProperty(nameof(SendListEntry.StudentId))!;
        var added = type.FindProperty(nameof(SendListEntry.AddedAt))!;
        var addedConverter = added.GetTypeMapping().Converter;
        string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var head = $"INSERT INTO {Q(table)} ({Q(employer.GetColumnName())}, {Q(student.GetColumnName())}, {Q(added.GetColumnName())}) VALUES ";

        var done = 0;
        try
        {
            foreach (var chunk in entries.Chunk(RowsPerStatement))
            {
                var sql = new StringBuilder(head, head.Length + chunk.Length * 24);
                var parameters = new object[chunk.Length * 3];
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (i > 0) sql.Append(", ");
                    sql.Append(CultureInfo.InvariantCulture, $"({{{i * 3}}}, {{{i * 3 + 1}}}, {{{i * 3 + 2}}})");
                    parameters[i * 3] = chunk[i].EmployerId;
                    parameters[i * 3 + 1] = chunk[i].StudentId;
                    parameters[i * 3 + 2] = addedConverter?.ConvertToProvider(chunk[i].AddedAt) ?? chunk[i].AddedAt;
                }
                await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
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
