using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace WllmSign.Portal.Components.Layout;

/// <summary>
/// Marks a page that renders no MudBlazor popover (select, menu, tooltip, autocomplete, picker), opens no dialog and
/// shows no snackbar, nor does anything it renders: <see cref="MudProviders"/> leaves MudPopoverProvider,
/// MudDialogProvider and MudSnackbarProvider out while it is shown. A page without the mark gets them. Navigating to a
/// page that needs them renders them again before that page is created (docs/decisions/036-circuit-memory.md).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WithoutMudProvidersAttribute : Attribute;

/// <summary>
/// Which pages get MudBlazor's three providers. Routes.razor renders them before the layout (where MainLayout rendered
/// them until session 7, so the HTML is where it was) for every page of the signed-in layout, except the pages marked
/// <see cref="WithoutMudProvidersAttribute"/>. On those, a circuit keeps six components (the three providers, the popover
/// provider's section outlet, the dialog provider's two cascading values), MudBlazor's popover service and the JSON
/// metadata of its start-up JS call fewer.
/// </summary>
public static class MudProviders
{
    private static readonly ConcurrentDictionary<Type, bool> Needed = new();

    public static bool NeededBy(Type pageType) => Needed.GetOrAdd(pageType, static t =>
        (t.GetCustomAttribute<LayoutAttribute>()?.LayoutType ?? typeof(MainLayout)) == typeof(MainLayout)
        && !t.IsDefined(typeof(WithoutMudProvidersAttribute), inherit: false));
}
