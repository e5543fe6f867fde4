using System.Collections.Concurrent;

namespace WllmSign.Portal.Features.Excel;

/// <summary>Which import a dialog runs.</summary>
public enum ExcelImportKind
{
    /// <summary>导入拟签约名单 (employer, manual 3.1.2).</summary>
    SendList = 0,
    /// <summary>学生名单 (school admin).</summary>
    Roster = 1,
}

/// <summary>A row that was not imported: its Excel row number, its cells as written, and why.</summary>
public sealed record RejectedRow(int RowNumber, IReadOnlyList<string> Cells, string Reason);

/// <summary>The report of one import: rows added, rows updated (roster only), and every rejected row.</summary>
public sealed record ExcelImportResult(ExcelImportKind Kind, int Added, int Updated, IReadOnlyList<RejectedRow> Rejected)
{
    /// <summary>The id under which the rejected rows can be downloaded (/excel/rejected/{id}); null when none were rejected.</summary>
    public Guid? RejectedFileId { get; init; }

    public string Summary => Kind == ExcelImportKind.SendList
        ? $"成功导入{Added}条，已加入签约发送列表；未导入{Rejected.Count}条"
        : $"新增{Added}条，更新{Updated}条；未导入{Rejected.Count}条";
}

/// <summary>
/// Keeps the rejected rows of recent imports for an hour so that the dialog's 下载未导入数据 can fetch them as a
/// file. Only the user who ran the import can download them.
/// </summary>
public sealed class RejectedRowsStore(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    public sealed record Entry(string UserId, ExcelImportKind Kind, IReadOnlyList<RejectedRow> Rows, DateTimeOffset StoredAt);

    public Guid Add(string userId, ExcelImportKind kind, IReadOnlyList<RejectedRow> rows)
    {
        var now = clock.GetUtcNow();
        foreach (var old in entries.Where(e => now - e.Value.StoredAt > Lifetime).Select(e => e.Key).ToList()) entries.TryRemove(old, out _);
        var id = Guid.NewGuid();
        entries[id] = new Entry(userId, kind, rows, now);
        return id;
    }

    /// <summary>The entry, when it exists, has not expired and belongs to <paramref name="userId"/>.</summary>
    public Entry? Get(Guid id, string userId) =>
        entries.TryGetValue(id, out var e) && e.UserId == userId && clock.GetUtcNow() - e.StoredAt <= Lifetime ? e : null;
}
