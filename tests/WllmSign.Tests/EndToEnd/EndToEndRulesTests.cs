using WllmSign.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace WllmSign.Tests.EndToEnd;

/// <summary>
/// Decision 024, kept by reading the test sources: a browser test waits for a state, never for a fixed time, and
/// chooses files only through <c>FileUploads.UploadFileAsync</c> (which waits until the page can receive the file).
/// </summary>
public sealed partial class EndToEndRulesTests
{
    private static readonly string TestsFolder = Path.Combine(RepositoryPaths.Root, "tests", "WllmSign.Tests");

    /// <summary>Lines of the browser tests and their helpers (EndToEnd and Infrastructure) that match <paramref name="pattern"/>.</summary>
    private static List<string> Offending(Regex pattern, params string[] allowedFiles)
    {
        var files = new[] { "EndToEnd", "Infrastructure" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(TestsFolder, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !allowedFiles.Contains(Path.GetFileName(f)) && Path.GetFileName(f) != nameof(EndToEndRulesTests) + ".cs");
        return [.. files.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => pattern.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(TestsFolder, x.f)}:{x.i + 1}: {x.line.Trim()}")];
    }

    [Fact]
    public void Files_are_chosen_only_through_the_upload_helper_that_waits_for_the_page()
    {
        Assert.Empty(Offending(SetInputFiles(), allowedFiles: "FileUploads.cs"));
    }

    [Fact]
    public void No_browser_test_waits_a_fixed_time()
    {
        Assert.Empty(Offending(FixedWait()));
    }

    [GeneratedRegex(@"SetInputFiles")]
    private static partial Regex SetInputFiles();

    [GeneratedRegex(@"Task\.Delay\(|Thread\.Sleep\(|WaitForTimeoutAsync\(")]
    private static partial Regex FixedWait();
}
