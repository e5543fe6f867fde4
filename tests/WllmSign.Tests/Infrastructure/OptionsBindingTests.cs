using System.Text.RegularExpressions;

namespace WllmSign.Tests.Infrastructure;

/// <summary>Settings are bound one way (decision 037): <c>OptionsBinding.BindOptions</c>, read as <c>IOptions&lt;T&gt;</c>.</summary>
public sealed partial class OptionsBindingTests
{
    // Configure<T>(config…), section.Get<T>() / .Get<XOptions>(), BindConfiguration(…): the other ways of binding.
    [GeneratedRegex(@"Configure<\w+>\(\s*\w*[cC]onfig|GetSection\([^;]*?\)\s*\.Get<|\.Get<\w+Options>\(|BindConfiguration\(")]
    private static partial Regex OtherBinding();

    // config["Live:Redis"], Configuration["…"], config.GetValue("…") / GetValue<T>("…"): a single key read by hand (decision 038).
    // A configuration key never starts with '/': PDFsharp's dictionary reads (Elements.GetValue("/Font", …)) are not settings.
    [GeneratedRegex(@"[cC]onfig(uration)?\s*\[\s*""|\.GetValue(<[^>]+>)?\(\s*""(?!/)")]
    private static partial Regex RawKey();

    // Database.cs reads Database:* to pick the provider and its connection before any service exists (decision 041).
    private static readonly string[] RawKeyExempt = ["OptionsBinding.cs", "Database.cs"];

    private static List<string> SourceFilesWhere(Func<string, bool> offends)
    {
        var src = Path.Combine(RepositoryPaths.Root, "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(offends)
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();
    }

    [Fact]
    public void Settings_are_bound_only_through_OptionsBinding()
    {
        var offenders = SourceFilesWhere(f => Path.GetFileName(f) != "OptionsBinding.cs" && OtherBinding().IsMatch(File.ReadAllText(f)));
        Assert.True(offenders.Count == 0, $"settings bound another way than OptionsBinding.BindOptions: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void No_setting_is_read_as_a_raw_configuration_key()
    {
        var offenders = SourceFilesWhere(f => !RawKeyExempt.Contains(Path.GetFileName(f)) && RawKey().IsMatch(File.ReadAllText(f)));
        Assert.True(offenders.Count == 0,
            $"a raw config[\"…\"] or GetValue(\"…\") read instead of an options class bound by OptionsBinding.BindOptions: {string.Join(", ", offenders)}");
    }

    [Theory]
    [InlineData("var c = config[\"Live:Redis\"];")]
    [InlineData("app.Configuration[ \"Testing:PauseCommitNumber\"]")]
    [InlineData("config.GetValue(\"Diagnostics:MemoryEndpoint\", false)")]
    [InlineData("config.GetValue<bool>(\"Diagnostics:MemoryEndpoint\")")]
    public void The_raw_key_check_recognises_a_raw_read(string line) => Assert.Matches(RawKey(), line);

    [Fact]
    public void The_raw_key_check_passes_over_a_pdf_dictionary_read() =>
        Assert.DoesNotMatch(RawKey(), """var fonts = (PdfDictionary)page.Resources.Elements.GetValue("/Font", VCF.Create)!;""");
}
