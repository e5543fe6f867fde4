namespace WllmSign.Tests.Infrastructure;

/// <summary>Where the repository is, seen from the test binaries (tests/WllmSign.Tests/bin/&lt;Configuration&gt;/net10.0).</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds WllmSign.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WllmSign.sln"))) return dir.FullName;
        throw new InvalidOperationException("WllmSign.sln not found above " + AppContext.BaseDirectory);
    }
}
