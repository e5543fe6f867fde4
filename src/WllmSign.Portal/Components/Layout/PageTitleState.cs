namespace WllmSign.Portal.Components.Layout;

/// <summary>
/// The title of the page shown in a circuit, shown by <see cref="PortalTitle"/> in the document's head. Interactive pages
/// set it (PageHeader, NotFound, AccessDeniedNotice) instead of rendering &lt;PageTitle&gt; into HeadOutlet: HeadOutlet
/// with its two section outlets and their content renderers, PageTitle and its SectionContent kept six components per
/// circuit, PortalTitle is one (docs/decisions/036-circuit-memory.md). Static pages keep PageTitle and HeadOutlet.
/// </summary>
public sealed class PageTitleState
{
    public const string Suffix = " - 签约上报系统";

    public string? Title { get; private set; }

    public event Action? Changed;

    public void Set(string title)
    {
        if (title == Title) return;
        Title = title;
        Changed?.Invoke();
    }
}
