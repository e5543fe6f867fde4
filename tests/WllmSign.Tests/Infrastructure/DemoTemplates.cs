using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The demo data seeded once per test run and key (the test clock's instant, the demo settings, the provider): a SQLite
/// file or a PostgreSQL template database that each <see cref="PortalFactory"/> with that key copies before its portal
/// starts (decision 034). The demo seed reads the clock (graduation year, dates), so a template is only ever copied
/// into a portal whose clock reads the same instant. Every portal has its own copy: nothing is shared between tests.
/// </summary>
public static class DemoTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Made = new();
    private static readonly ConcurrentBag<Action> Cleanups = [];

    /// <summary>PostgreSQL copies one database at a time from a template (a second copy finds the source "being accessed").</summary>
    public static readonly Lock CopyLock = new();

    /// <summary>This test run's template files (deleted when the run ends).</summary>
    public static string Folder { get; } = CreateFolder();

    /// <summary>The template for <paramref name="key"/>: made by the first caller, waited for by the others.</summary>
    public static string For(string key, Func<string> make) =>
        Made.GetOrAdd(key, _ => new Lazy<string>(make, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    /// <summary>A PostgreSQL template is dropped when the test run ends.</summary>
    public static void AtExit(Action drop) => Cleanups.Add(drop);

    private static string CreateFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wllmsign-tests", "templates-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var drop in Cleanups)
            {
                try { drop(); } catch (Exception) { /* the run is over; a throwaway cluster goes anyway */ }
            }
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return folder;
    }
}
