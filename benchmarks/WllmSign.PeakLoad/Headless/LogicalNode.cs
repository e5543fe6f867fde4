using System.Text;
using System.Text.RegularExpressions;

namespace WllmSign.PeakLoad.Headless;

public enum NodeKind { Component, Element, Text, Markup }

/// <summary>
/// One node of the client's logical tree, the structure blazor.web.js keeps beside the DOM (LogicalElements.ts): a
/// component is a container whose logical children are what it rendered; an element has attributes, event handlers
/// (event name → handler id) and children; a text node has text; a markup block keeps its HTML (read for its text).
/// Render-batch edits address children by their index in this tree, as in the browser.
/// </summary>
public sealed partial class LogicalNode
{
    public LogicalNode(NodeKind kind) => Kind = kind;

    public NodeKind Kind { get; }
    public string Name { get; init; } = "";
    public int ComponentId { get; init; }
    /// <summary>For an element: the component that rendered it (an input/change event names it as its field's owner).</summary>
    public int RenderingComponentId { get; init; }
    public string? Text { get; set; }
    public LogicalNode? Parent { get; set; }
    public List<LogicalNode> Children { get; } = [];
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ulong> Events { get; } = new(StringComparer.Ordinal);

    public string? Attr(string name) => Attributes.GetValueOrDefault(name);

    public void Insert(int index, LogicalNode child)
    {
        child.Parent = this;
        Children.Insert(index, child);
    }

    public void RemoveAt(int index)
    {
        Children[index].Parent = null;
        Children.RemoveAt(index);
    }

    /// <summary>The text a user reads: every descendant text node and the text of markup blocks, tags dropped.</summary>
    public string TextContent()
    {
        var sb = new StringBuilder();
        AppendText(sb);
        return sb.ToString();
    }

    private void AppendText(StringBuilder sb)
    {
        switch (Kind)
        {
            case NodeKind.Text: sb.Append(Text); break;
            case NodeKind.Markup: sb.Append(System.Net.WebUtility.HtmlDecode(Tags().Replace(Text ?? "", ""))); break;
            default:
                foreach (var c in Children) c.AppendText(sb);
                break;
        }
    }

    /// <summary>Every element at or under this node, document order.</summary>
    public IEnumerable<LogicalNode> Elements()
    {
        if (Kind == NodeKind.Element) yield return this;
        foreach (var c in Children)
            foreach (var e in c.Elements())
                yield return e;
    }

    public LogicalNode? ByTestId(string id) => Elements().FirstOrDefault(e => e.Attr("data-testid") == id);

    public IEnumerable<LogicalNode> AllByTestId(string id) => Elements().Where(e => e.Attr("data-testid") == id);

    /// <summary>The innermost element with a click handler whose text is <paramref name="text"/> (trimmed), e.g. a MudButton's button.</summary>
    public LogicalNode? Clickable(string text) =>
        Elements().LastOrDefault(e => e.Events.ContainsKey("click") && e.TextContent().Trim() == text);

    public bool IsDisabled => Attributes.ContainsKey("disabled");

    public override string ToString() => Kind switch
    {
        NodeKind.Element => $"<{Name} {string.Join(' ', Attributes.Select(a => $"{a.Key}=\"{a.Value}\""))}>",
        NodeKind.Component => $"[component {ComponentId}]",
        _ => Text ?? "",
    };

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
