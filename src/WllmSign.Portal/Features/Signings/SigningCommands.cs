namespace WllmSign.Portal.Features.Signings;

/// <summary>
/// The one path of every change of a signing, single or batch: load it (only if it is the caller's), call the domain's
/// rule, then dispatch the changes the rule raised (<see cref="Signing.DomainEvents"/>) through <see cref="SigningEffects"/>
/// (messages and audit entry, in the same unit of work), save with the concurrency token, and after the commit publish
/// the live change to everyone concerned. Services say only which signing, whose it must be and which rule.
/// </summary>
public sealed class SigningCommands(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, LiveNotifier live, IAuditLog audit)
{
    /// <summary>The rule to apply: a call of one of <see cref="Signing"/>'s transitions (async where it needs the database, e.g. a number).</summary>
    public delegate Task Rule(AppDbContext db, Signing signing, DateTimeOffset now);

    /// <summary>
    /// Changes one signing in its own unit of work and returns its parties' names. Someone else's signing (or none) throws <paramref name="notFoundMessage"/>,
    /// exactly as a signing that does not exist; a refused rule or a concurrent change throws its <see cref="DomainException"/>
    /// and nothing is saved.
    /// </summary>
    public async Task<SigningParties> ChangeAsync(AuditActor? who, int signingId, Func<Signing, bool> isCallers, string notFoundMessage, Rule rule,
        CancellationToken ct = default)
    {
        var (change, parties) = await ChangeCoreAsync(who, signingId, isCallers, notFoundMessage, rule, ct);
        Publish(change);
        return parties;
    }

    /// <summary>
    /// As <see cref="ChangeAsync(AuditActor?, int, Func{Signing, bool}, string, Rule, CancellationToken)"/>, but the live change
    /// is returned instead of published: a job changing many signings publishes them together (<see cref="LiveChanges"/>),
    /// so that each user concerned reloads once per batch instead of once per signing (decision 046).
    /// </summary>
    public async Task<LiveChange> ChangeUnpublishedAsync(AuditActor? who, int signingId, Func<Signing, bool> isCallers, string notFoundMessage,
        Action<Signing, DateTimeOffset> rule, CancellationToken ct = default) =>
        (await ChangeCoreAsync(who, signingId, isCallers, notFoundMessage, Sync(rule), ct)).Change;

    private async Task<(LiveChange Change, SigningParties Parties)> ChangeCoreAsync(AuditActor? who, int signingId, Func<Signing, bool> isCallers,
        string notFoundMessage, Rule rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(isCallers);
        ArgumentNullException.ThrowIfNull(rule);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var signing = await SigningStore.LoadAsync(db, signingId);
        if (signing is null || !isCallers(signing)) throw new DomainException(notFoundMessage);
        await rule(db, signing, clock.GetUtcNow());
        var (change, parties) = await SaveCoreAsync(db, who, [signing], ct);
        return (change, parties[signing]);
    }

    private static Rule Sync(Action<Signing, DateTimeOffset> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return (_, signing, now) =>
        {
            rule(signing, now);
            return Task.CompletedTask;
        };
    }

    /// <summary>Shorthand for a rule that needs no database.</summary>
    public Task<SigningParties> ChangeAsync(AuditActor? who, int signingId, Func<Signing, bool> isCallers, string notFoundMessage,
        Action<Signing, DateTimeOffset> rule, CancellationToken ct = default) =>
        ChangeAsync(who, signingId, isCallers, notFoundMessage, Sync(rule), ct);

    /// <summary>
    /// Dispatches the pending changes of <paramref name="signings"/> (new ones are saved first, so that their messages can
    /// link to them) and saves. The caller publishes the returned change once its transaction has committed
    /// (<see cref="Publish"/>); <see cref="ChangeAsync(AuditActor?, int, Func{Signing, bool}, string, Rule, CancellationToken)"/> does both.
    /// </summary>
    public async Task<LiveChange> SaveAsync(AppDbContext db, AuditActor? who, IReadOnlyCollection<Signing> signings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(signings);
        if (signings.Count == 0) return new LiveChange([], [], []);
        return (await SaveCoreAsync(db, who, signings, ct)).Change;
    }

    private async Task<(LiveChange Change, IReadOnlyDictionary<Signing, SigningParties> Parties)> SaveCoreAsync(AppDbContext db, AuditActor? who,
        IReadOnlyCollection<Signing> signings, CancellationToken ct)
    {
        if (signings.Any(s => s.Id == 0)) await db.SaveOrConflictAsync(ct);
        var parties = await SigningParties.OfAsync(db, signings, ct);
        var now = clock.GetUtcNow();
        foreach (var signing in signings)
        {
            var p = parties[signing];
            foreach (var change in signing.DomainEvents)
            {
                var effect = SigningEffects.Of(change, p);
                foreach (var m in effect.Messages)
                {
                    var (id, email, name) = m.To switch
                    {
                        RecipientKind.Employer => (signing.EmployerId, p.EmployerEmail, p.EmployerName),
                        RecipientKind.Student => (signing.StudentId, p.StudentEmail, p.StudentName),
                        _ => (signing.SchoolId, null, p.SchoolName),
                    };
                    Notify.Add(db, m.To, id, email, name, m.Title, m.Body, m.Link, now);
                }
                if (effect.AuditAction is { } action && who is not null)
                    audit.Add(db, who, action, AuditLog.SigningTarget(signing.Id, p.StudentName, p.EmployerName), signing.SchoolId, signing.Id);
            }
        }
        await db.SaveOrConflictAsync(ct);
        foreach (var signing in signings) signing.ClearEvents();
        return (new LiveChange(
            signings.Select(s => s.EmployerId).Distinct().ToList(),
            signings.Select(s => s.StudentId).Distinct().ToList(),
            signings.Select(s => s.SchoolId).Distinct().ToList()), parties);
    }

    /// <summary>Tells every circuit concerned, after the commit.</summary>
    public void Publish(LiveChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EmployerIds.Count + change.StudentIds.Count + change.SchoolIds.Count > 0) live.Publish(change);
    }
}
