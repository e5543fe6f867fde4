using System.Text.RegularExpressions;

namespace WllmSign.Tests.Infrastructure;

/// <summary>Settings are bound one way (decision 037): <c>OptionsBinding.BindOptions</c>, read as <c>IOptions&lt;T&gt;</c>.</summary>
public sealed partial class OptionsBindingTests
{
    // Configure<T>(config…), section.Get<T>() / .Get<XOptions>(), BindConfiguration(…): the other ways of binding.
    [GeneratedRegex(@"Configure<\w+>\(\s*\w*[cC]onfig|GetSection\([^;]*?\)\s*\.Get<|\.Get<\w+Options>\(|BindConfiguration\(")]
    private static partial Regex OtherBinding();

    [Fact]
    public void Settings_are_bound_only_through_OptionsBinding()
    {
        var src = Path.Combine(RepositoryPaths.Root, "src");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "OptionsBinding.cs")
            .Where(f => OtherBinding().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();
        Assert.True(offenders.Count == 0, $"settings bound another way than OptionsBinding.BindOptions: {string.Join(", ", offenders)}");
    }
}
