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
/// file. Only the user who ran the import can download them. Bounded (decision 020): at most
/// <see cref="MaxEntriesPerUser"/> imports and <see cref="MaxBytesPerUser"/> per user, <see cref="MaxEntries"/> and
/// <see cref="MaxBytes"/> in all; the oldest entries go first (the user's own, then anyone's), and a timer frees
/// expired entries even when nobody imports.
/// </summary>
public sealed class RejectedRowsStore : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    public const int MaxEntriesPerUser = 5;
    public const int MaxEntries = 500;
    public const long MaxBytesPerUser = 32L * 1024 * 1024;
    public const long MaxBytes = 128L * 1024 * 1024;

    private readonly TimeProvider clock;
    private readonly ITimer timer;
    private readonly Lock gate = new();
    private readonly LinkedList<(Guid Id, Entry Entry)> order = new();
    private readonly Dictionary<Guid, LinkedListNode<(Guid Id, Entry Entry)>> entries = [];
    private long bytes;

    public RejectedRowsStore(TimeProvider clock)
    {
        this.clock = clock;
        timer = clock.CreateTimer(_ => Purge(), null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
    }

    public sealed record Entry(string UserId, ExcelImportKind Kind, IReadOnlyList<RejectedRow> Rows, DateTimeOffset StoredAt)
    {
        /// <summary>What the rows hold in memory, roughly: two bytes a character and a little per row and cell.</summary>
        public long Bytes { get; } = Rows.Sum(r => 64 + 2L * r.Reason.Length + r.Cells.Sum(c => 24 + 2L * c.Length));
    }

    /// <summary>Entries held now (for tests and diagnostics).</summary>
    public (int Count, long Bytes) Size
    {
        get { lock (gate) return (entries.Count, bytes); }
    }

    public Guid Add(string userId, ExcelImportKind kind, IReadOnlyList<RejectedRow> rows)
    {
        var entry = new Entry(userId, kind, rows, clock.GetUtcNow());
        var id = Guid.NewGuid();
        lock (gate)
        {
            PurgeLocked();
            while (true)
            {
                var mine = order.Where(n => n.Entry.UserId == userId).ToList();
                if (mine.Count == 0 || (mine.Count < MaxEntriesPerUser && mine.Sum(n => n.Entry.Bytes) + entry.Bytes <= MaxBytesPerUser)) break;
                RemoveLocked(mine[0].Id);
            }
            while (order.First is { } oldest && (entries.Count >= MaxEntries || bytes + entry.Bytes > MaxBytes)) RemoveLocked(oldest.Value.Id);
            entries[id] = order.AddLast((id, entry));
            bytes += entry.Bytes;
        }
        return id;
    }

    /// <summary>The entry, when it exists, has not expired and belongs to <paramref name="userId"/>.</summary>
    public Entry? Get(Guid id, string userId)
    {
        lock (gate)
        {
            return entries.TryGetValue(id, out var node) && node.Value.Entry.UserId == userId
                && clock.GetUtcNow() - node.Value.Entry.StoredAt <= Lifetime ? node.Value.Entry : null;
        }
    }

    /// <summary>Frees every expired entry.</summary>
    public void Purge()
    {
        lock (gate) PurgeLocked();
    }

    private void PurgeLocked()
    {
        var now = clock.GetUtcNow();
        while (order.First is { } oldest && now - oldest.Value.Entry.StoredAt > Lifetime) RemoveLocked(oldest.Value.Id);
    }

    private void RemoveLocked(Guid id)
    {
        if (!entries.Remove(id, out var node)) return;
        order.Remove(node);
        bytes -= node.Value.Entry.Bytes;
    }

    public void Dispose() => timer.Dispose();
}
