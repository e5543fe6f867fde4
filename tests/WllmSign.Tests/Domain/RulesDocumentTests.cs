using WllmSign.Tests.Infrastructure;
using System.Reflection;
using System.Text.RegularExpressions;

namespace WllmSign.Tests.Domain;

/// <summary>
/// docs/rules.md numbers the lifecycle rules; a test whose method name starts with <c>Rule&lt;N&gt;_</c> is a test of
/// rule N. Every numbered rule has at least one, and no test names a rule the document does not have.
/// </summary>
public sealed partial class RulesDocumentTests
{
    [GeneratedRegex(@"^(\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex NumberedRule();

    [GeneratedRegex(@"^Rule(\d+)_")]
    private static partial Regex RuleTestName();

    [Fact]
    public void Every_numbered_rule_of_docs_rules_md_has_a_test_named_after_it()
    {
        var rules = NumberedRules();
        Assert.Equal(Enumerable.Range(1, rules.Count), rules); // numbered 1, 2, 3, … without gaps
        var tested = RuleTests().Select(t => t.Rule).ToHashSet();
        var untested = rules.Where(r => !tested.Contains(r)).ToList();
        Assert.True(untested.Count == 0, $"docs/rules.md: no test named Rule<N>_… for rule(s) {string.Join(", ", untested)}");
    }

    [Fact]
    public void Every_test_named_after_a_rule_names_a_rule_of_docs_rules_md()
    {
        var rules = NumberedRules().ToHashSet();
        var stale = RuleTests().Where(t => !rules.Contains(t.Rule)).Select(t => t.Name).ToList();
        Assert.True(stale.Count == 0, $"tests named after a rule docs/rules.md does not have: {string.Join(", ", stale)}");
    }

    private static List<int> NumberedRules()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "rules.md"));
        var section = text[text.IndexOf("\n## Rules", StringComparison.Ordinal)..];
        return NumberedRule().Matches(section).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private static IEnumerable<(int Rule, string Name)> RuleTests() =>
        from type in typeof(RulesDocumentTests).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly)
        where method.GetCustomAttribute<FactAttribute>() is not null // TheoryAttribute is a FactAttribute
        let match = RuleTestName().Match(method.Name)
        where match.Success
        select (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), $"{type.Name}.{method.Name}");
}
