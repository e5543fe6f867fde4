using Microsoft.Extensions.Logging.Abstractions;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Live;

namespace WllmSign.Tests.Features.Live;

/// <summary>A circuit's live counts: changes that arrive together cost one reload, and the badge ends on the final count.</summary>
public sealed class LiveCountsStateTests
{
    private static readonly CurrentUser Employer = new("e", "单位", Roles.Employer, 7, null, null);

    /// <summary>
    /// The counts "in the database": a reload sees the value committed when its query starts. The reloads after the first
    /// can be held half way (<see cref="Hold"/>), as a slow query would be while more changes arrive.
    /// </summary>
    private sealed class HeldCounts() : PendingCountsService(null!, TimeProvider.System)
    {
        private TaskCompletionSource? held;
        public volatile int Committed;
        public int Queries;
        public TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Hold()
        {
            held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return held;
        }

        public override async Task<PendingCountsSnapshot> GetAsync(CurrentUser user, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Queries);
            var seen = Committed;
            var wait = held;
            held = null;
            Started.TrySetResult();
            if (wait is not null) await wait.Task;
            return PendingCountsSnapshot.Empty with { EmployerSigning = seen };
        }
    }

    [Fact]
    public async Task Two_changes_arriving_during_a_reload_reload_the_badge_once_more_and_it_shows_the_final_count()
    {
        var notifier = new LiveNotifier();
        var counts = new HeldCounts { Committed = 5 };
        using var state = new LiveCountsState(notifier, counts, NullLogger<LiveCountsState>.Instance);
        await state.StartAsync(Employer);
        var shown = new List<int>();
        var final = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        state.Updated += change =>
        {
            lock (shown) shown.Add(state.Counts.EmployerSigning);
            if (state.Counts.EmployerSigning == 2) final.TrySetResult();
            return Task.CompletedTask;
        };

        // A student answers: the reload starts and its query is slow.
        var release = counts.Hold();
        counts.Committed = 4;
        notifier.Publish(LiveChange.For(employerId: 7));
        await counts.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // Two more answers are committed and published while it runs.
        counts.Committed = 3;
        notifier.Publish(LiveChange.For(employerId: 7, studentId: 1));
        counts.Committed = 2;
        notifier.Publish(LiveChange.For(employerId: 7, studentId: 2));
        Assert.Equal(2, counts.Queries); // the start, the running reload: the two changes wait for it
        release.SetResult();

        await final.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, counts.Queries); // one reload for the two changes, not one each
        lock (shown) Assert.Equal([4, 2], shown);
        Assert.Equal(2, state.Counts.EmployerSigning);
    }

    [Fact]
    public async Task A_change_that_does_not_concern_the_user_runs_no_query()
    {
        var notifier = new LiveNotifier();
        var counts = new HeldCounts { Committed = 5 };
        using var state = new LiveCountsState(notifier, counts, NullLogger<LiveCountsState>.Instance);
        await state.StartAsync(Employer);

        notifier.Publish(LiveChange.For(employerId: 8, studentId: 1, schoolId: 2));

        Assert.Equal(1, counts.Queries);
    }

    [Fact]
    public void Changes_gathered_by_a_job_are_one_change_concerning_all_of_them_and_the_gathering_starts_again_empty()
    {
        var changes = new LiveChanges();
        Assert.Null(changes.Take());
        changes.Add(LiveChange.For(employerId: 1, studentId: 10, schoolId: 100));
        changes.Add(LiveChange.For(employerId: 1, studentId: 11, schoolId: 100));
        changes.Add(LiveChange.For(employerId: 2, studentId: 12, schoolId: 101));

        var all = changes.Take()!;

        Assert.Equal([1, 2], all.EmployerIds.Order());
        Assert.Equal([10, 11, 12], all.StudentIds.Order());
        Assert.Equal([100, 101], all.SchoolIds.Order());
        Assert.True(all.Concerns(Roles.Student, null, 11, null));
        Assert.False(all.Concerns(Roles.Employer, 3, null, null));
        Assert.Equal(0, changes.Count);
        Assert.Null(changes.Take());
    }
}
