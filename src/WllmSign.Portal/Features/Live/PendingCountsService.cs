namespace WllmSign.Portal.Features.Live;

/// <summary>The pending counts (待办) of docs/rules.md for one user; the ones that do not apply to the role are 0.</summary>
public sealed record PendingCountsSnapshot(
    int EmployerSigning, int EmployerTermination, int EmployerStudentRequests,
    int StudentInvitations, int StudentTerminations,
    int SchoolSigningVerifications, int SchoolTerminationVerifications, int SchoolResidencies,
    int UnreadNotifications)
{
    public static readonly PendingCountsSnapshot Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>Counts in the database with the domain's filters (PendingCounts), scoped by the signed-in user, in one SQL
/// statement per reload: one scalar COUNT subquery per count on the user's own row (each an index look-up, as the separate
/// COUNTs were; one round trip instead of three or four, decision 050).
/// Not sealed: the tests of <see cref="LiveCountsState"/> hold a reload half way with a subclass.</summary>
public class PendingCountsService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public virtual async Task<PendingCountsSnapshot> GetAsync(CurrentUser user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var (kind, id) = Inbox.InboxService.Recipient(user) ?? default;
        var unread = db.Notifications.Where(n => n.RecipientKind == kind && n.RecipientId == id && n.ReadAt == null);
        switch (user.Role)
        {
            case Roles.Employer:
                var e = user.RequireEmployer();
                var signing = db.Signings.Where(PendingCounts.EmployerSigning(e, now));
                var termination = db.Signings.Where(PendingCounts.EmployerTermination(e));
                var requests = db.Signings.Where(PendingCounts.EmployerStudentRequests(e));
                return await db.Employers.Where(x => x.Id == e).Select(_ => new PendingCountsSnapshot(
                    signing.Count(), termination.Count(), requests.Count(), 0, 0, 0, 0, 0, unread.Count())).FirstOrDefaultAsync(ct) ?? PendingCountsSnapshot.Empty;
            case Roles.Student:
                var s = user.RequireStudent();
                var invitations = db.Signings.Where(PendingCounts.StudentInvitations(s, now));
                var terminations = db.Signings.Where(PendingCounts.StudentTerminations(s));
                return await db.Students.Where(x => x.Id == s).Select(_ => new PendingCountsSnapshot(
                    0, 0, 0, invitations.Count(), terminations.Count(), 0, 0, 0, unread.Count())).FirstOrDefaultAsync(ct) ?? PendingCountsSnapshot.Empty;
            case Roles.SchoolAdmin:
                var sc = user.RequireSchool();
                var verifications = db.Signings.Where(PendingCounts.SchoolSigningVerifications(sc));
                var terminationVerifications = db.Signings.Where(PendingCounts.SchoolTerminationVerifications(sc));
                var residencies = db.Residencies.Where(r => r.SchoolId == sc && r.Status == ResidencyStatus.Pending);
                return await db.Schools.Where(x => x.Id == sc).Select(_ => new PendingCountsSnapshot(
                    0, 0, 0, 0, 0, verifications.Count(), terminationVerifications.Count(), residencies.Count(), unread.Count())).FirstOrDefaultAsync(ct) ?? PendingCountsSnapshot.Empty;
            default:
                return PendingCountsSnapshot.Empty;
        }
    }
}

/// <summary>
/// One per circuit: holds the signed-in user's counts, reloads them when the notifier reports a change
/// that concerns the user (or when the circuit reconnects), and tells its subscribers. Disposed with the
/// circuit, which ends its subscription.
/// </summary>
public sealed class LiveCountsState : IDisposable
{
    private readonly LiveNotifier notifier;
    private readonly PendingCountsService service;
    private readonly ILogger<LiveCountsState> logger;
    private CurrentUser? user;

    public LiveCountsState(LiveNotifier notifier, PendingCountsService service, ILogger<LiveCountsState> logger)
    {
        this.notifier = notifier;
        this.service = service;
        this.logger = logger;
        notifier.Changed += OnChanged;
    }

    public PendingCountsSnapshot Counts { get; private set; } = PendingCountsSnapshot.Empty;

    /// <summary>False until the first load in the circuit: pages show their own figures until then (e.g. when prerendering).</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>What a page showing the live counts shows: the counts once loaded, null before. A page keeps the value of
    /// its last render and re-renders on <see cref="Updated"/> only when this differs (decision 046).</summary>
    public PendingCountsSnapshot? Shown => IsLoaded ? Counts : null;

    private long started;
    private long applied;
    private readonly Lock gate = new();

    /// <summary>Raised after the counts were reloaded, and for every change that concerns the user (so open lists can refresh).</summary>
    public event Func<LiveChange?, Task>? Updated;

    public async Task StartAsync(CurrentUser current)
    {
        user = current;
        await ReloadAsync(null);
    }

    public Task ReloadAsync() => ReloadAsync(null);

    // Changes heard while a reload is under way wait here, merged, for the one reload that follows it (decision 046).
    private LiveChange? waiting;
    private bool reloading;

    /// <summary>
    /// A change that concerns the user: reload now, or — when a reload for earlier changes is under way — once more after
    /// it, for every change that arrived meanwhile together (its query may have run before their commits). A burst of
    /// changes costs at most two reloads, and the last one starts after the last change was heard.
    /// </summary>
    private void OnChanged(LiveChange change)
    {
        var u = user;
        if (u is null || !change.Concerns(u.Role, u.EmployerId, u.StudentId, u.SchoolId)) return;
        lock (gate)
        {
            waiting = waiting is null ? change : waiting.Merge(change);
            if (reloading) return;
            reloading = true;
        }
        _ = ReloadWaitingAsync();
    }

    private async Task ReloadWaitingAsync()
    {
        while (true)
        {
            LiveChange next;
            lock (gate)
            {
                if (waiting is null)
                {
                    reloading = false;
                    return;
                }
                next = waiting;
                waiting = null;
            }
            await ReloadAsync(next);
        }
    }

    private async Task ReloadAsync(LiveChange? change)
    {
        if (user is null) return;
        try
        {
            // Reloads may overlap (two changes in quick succession): the one started last saw every commit
            // published before it, so an older query finishing late must not overwrite it.
            var mine = Interlocked.Increment(ref started);
            var counts = await service.GetAsync(user);
            lock (gate)
            {
                if (mine > applied)
                {
                    applied = mine;
                    Counts = counts;
                    IsLoaded = true;
                }
            }
            if (Updated is { } handlers)
            {
                foreach (var h in handlers.GetInvocationList().Cast<Func<LiveChange?, Task>>())
                {
                    try
                    {
                        await h(change);
                    }
                    catch (Exception ex) when (ex is not ObjectDisposedException)
                    {
                        logger.LogWarning(ex, "A live-counts subscriber failed"); // the others still refresh
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // the circuit ended while reloading
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reloading live counts failed");
        }
    }

    public void Dispose() => notifier.Changed -= OnChanged;
}
