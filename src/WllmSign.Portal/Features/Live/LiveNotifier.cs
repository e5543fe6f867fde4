namespace WllmSign.Portal.Features.Live;

/// <summary>Who is affected by a change: their pending counts and open lists should refresh.</summary>
public sealed record LiveChange(IReadOnlyCollection<int> EmployerIds, IReadOnlyCollection<int> StudentIds, IReadOnlyCollection<int> SchoolIds)
{
    public static LiveChange For(int? employerId = null, int? studentId = null, int? schoolId = null) => new(
        employerId is { } e ? [e] : [], studentId is { } s ? [s] : [], schoolId is { } sc ? [sc] : []);

    public bool Concerns(string role, int? employerId, int? studentId, int? schoolId) =>
        (employerId is { } e && EmployerIds.Contains(e))
        || (studentId is { } s && StudentIds.Contains(s))
        || (schoolId is { } sc && SchoolIds.Contains(sc));
}

/// <summary>
/// The one notifier of the portal: services publish after they commit; circuits subscribe in
/// OnInitialized, unsubscribe in Dispose, and re-render with InvokeAsync. In-memory in one process.
/// </summary>
public sealed class LiveNotifier
{
    public event Action<LiveChange>? Changed;

    public void Publish(LiveChange change) => Changed?.Invoke(change);
}
