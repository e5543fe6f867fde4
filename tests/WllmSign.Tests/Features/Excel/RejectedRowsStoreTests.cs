using WllmSign.Portal.Features.Excel;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Excel;

/// <summary>Issue #17: the rejected rows of recent imports are bounded per user and in all, and freed when they expire.</summary>
public sealed class RejectedRowsStoreTests
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));

    private static List<RejectedRow> Rows(int count, int cellChars = 10) =>
        Enumerable.Range(2, count).Select(r => new RejectedRow(r, [new string('名', cellChars), "2027"], "未找到该学生")).ToList();

    [Fact]
    public void A_user_keeps_only_the_latest_imports_rejected_rows()
    {
        using var store = new RejectedRowsStore(clock);
        var ids = Enumerable.Range(0, RejectedRowsStore.MaxEntriesPerUser + 1).Select(_ => store.Add("u1", ExcelImportKind.SendList, Rows(3))).ToList();
        var other = store.Add("u2", ExcelImportKind.SendList, Rows(3));

        Assert.Null(store.Get(ids[0], "u1"));
        Assert.All(ids.Skip(1), id => Assert.NotNull(store.Get(id, "u1")));
        Assert.NotNull(store.Get(other, "u2"));
    }

    [Fact]
    public void A_users_rejected_rows_are_bounded_in_bytes()
    {
        using var store = new RejectedRowsStore(clock);
        // 6,000 rows of 1,000-character cells: about 12 MB each as held in memory.
        var first = store.Add("u1", ExcelImportKind.Roster, Rows(6_000, 1_000));
        var second = store.Add("u1", ExcelImportKind.Roster, Rows(6_000, 1_000));
        var third = store.Add("u1", ExcelImportKind.Roster, Rows(6_000, 1_000));

        Assert.Null(store.Get(first, "u1"));
        Assert.NotNull(store.Get(second, "u1"));
        Assert.NotNull(store.Get(third, "u1"));
        Assert.True(store.Size.Bytes <= RejectedRowsStore.MaxBytesPerUser);
    }

    [Fact]
    public void All_users_together_are_bounded_and_the_oldest_go_first()
    {
        using var store = new RejectedRowsStore(clock);
        var ids = Enumerable.Range(0, RejectedRowsStore.MaxEntries + 10).Select(i => (User: $"u{i}", Id: store.Add($"u{i}", ExcelImportKind.SendList, Rows(1)))).ToList();

        Assert.Equal(RejectedRowsStore.MaxEntries, store.Size.Count);
        Assert.Null(store.Get(ids[0].Id, ids[0].User));
        Assert.NotNull(store.Get(ids[^1].Id, ids[^1].User));
    }

    [Fact]
    public void Expired_rows_are_freed_without_another_import()
    {
        using var store = new RejectedRowsStore(clock);
        var id = store.Add("u1", ExcelImportKind.SendList, Rows(1_000));
        Assert.True(store.Size.Bytes > 0);

        clock.Advance(RejectedRowsStore.Lifetime + TimeSpan.FromMinutes(1));
        store.Purge(); // what the store's timer does every five minutes

        Assert.Equal((0, 0L), store.Size);
        Assert.Null(store.Get(id, "u1"));
    }
}
