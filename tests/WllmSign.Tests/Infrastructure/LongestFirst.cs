using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("WllmSign.Tests.Infrastructure.LongestFirst", "WllmSign.Tests")]

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// Starts the longest test classes first (decision 040). xunit runs the collections (one per class) in parallel,
/// <c>maxParallelThreads</c> at a time (xunit.runner.json), in the order given here: a 2–3 minute class started last
/// would run alone at the end of the pass while the other threads idle. The order of the other classes is xunit's
/// own. Which tests run, and what they check, does not depend on the order.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    /// <summary>
    /// The longest classes of the quiet CI run of main at 7a649a2 (per-test durations in artifacts/test-logs), longest
    /// first; LifecycleTests moved up, the longest end-to-end class of the PostgreSQL pass (decision 042).
    /// </summary>
    private static readonly string[] Longest =
    [
        "EndToEnd.RunCommandTests", "EndToEnd.CrashSafety.CrashSafetyTests", "EndToEnd.AccessibilityTests",
        "EndToEnd.LifecycleTests", "EndToEnd.StudentAreaTests", "EndToEnd.AllianceEmployerJourneyTests",
        "EndToEnd.AgreementEndToEndTests", "EndToEnd.NavMenuDrawerTests", "EndToEnd.EmployerDataCentreTests",
        "EndToEnd.SchoolAdminTests", "EndToEnd.AllianceSignInTests", "EndToEnd.EmployerSigningCentreBrowserTests",
        "EndToEnd.LifecycleRedisTests", "EndToEnd.SignInTests", "EndToEnd.ContentSecurityPolicyTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .Select((collection, index) => (collection, index, rank: Rank(collection.DisplayName)))
            .OrderBy(x => x.rank)
            .ThenBy(x => x.index)
            .Select(x => x.collection);

    /// <summary>The position in <see cref="Longest"/>; then the other end-to-end classes; then everything else.</summary>
    private static int Rank(string displayName)
    {
        var name = displayName.Replace("Test collection for WllmSign.Tests.", "", StringComparison.Ordinal);
        var i = Array.FindIndex(Longest, l => name.StartsWith(l, StringComparison.Ordinal));
        if (i >= 0) return i;
        return name.StartsWith("EndToEnd.", StringComparison.Ordinal) ? Longest.Length : Longest.Length + 1;
    }
}
