using System.Runtime.CompilerServices;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// bUnit's <c>WaitForAssertion</c>/<c>WaitForState</c> give up after one second unless told otherwise: a page whose first
/// query runs on a fresh PostgreSQL database on a busy machine rendered its rows later than that once (the fresh-clone CI
/// of session 11, DataTabsTests on PostgreSQL: the assertion was checked once and the list was still empty). Every wait
/// here waits for a state, as the browser tests do (<see cref="PageExtensions.StateTimeout"/>): a state that comes late
/// passes, one that never comes fails after a minute.
/// </summary>
internal static class BunitWaits
{
    // A test assembly, not a library: the initializer sets a test-run default before any test starts.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void SetDefaultWaitTimeout() => Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(60);
}
