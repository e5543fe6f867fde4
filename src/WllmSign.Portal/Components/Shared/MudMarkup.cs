using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace WllmSign.Portal.Components.Shared;

/// <summary>
/// The markup a few MudBlazor components render, for the lists that write it themselves in their rows instead of a
/// component per cell, box or button (decisions 046, 050): each such component is created, rendered and disposed with
/// its row, and MudCheckBox makes two JS calls per row (its key interceptor). Tests compare this markup with the
/// components' own (SigningListTableTests, SchoolAdminVerificationQueueTests).
/// </summary>
public static class MudMarkup
{
    // Static fields are set in the order written: the states and paths first.
    private static readonly string[] States = ["true", "false", "null"];
    private static readonly string[] Paths =
        [Icons.Material.Filled.CheckBox, Icons.Material.Filled.CheckBoxOutlineBlank, Icons.Material.Filled.IndeterminateCheckBox];

    private const string Box = "mud-button-root mud-icon-button mud-default-text hover:mud-default-hover ";
    private static readonly string[] Classes = [.. States.Select(s => Box + "mud-ripple mud-ripple-checkbox mud-checkbox-" + s)];
    private static readonly string[] DenseClasses = [.. States.Select(s => Box + "mud-checkbox-dense mud-ripple mud-ripple-checkbox mud-checkbox-" + s)];
    private static readonly MarkupString[] MediumIcons = [.. Paths.Select(p => Icon(p, "medium"))];
    private static readonly MarkupString[] SmallIcons = [.. Paths.Select(p => Icon(p, "small"))];

    private static int State(bool? value) => value switch { true => 0, false => 1, null => 2 };

    /// <summary>The class of MudCheckBox's button span (Color.Default) for a value: true, false or null (indeterminate).</summary>
    public static string CheckBoxClass(bool? value, bool dense) => (dense ? DenseClasses : Classes)[State(value)];

    /// <summary>MudCheckBox's icon for a value (CheckBox, CheckBoxOutlineBlank, IndeterminateCheckBox) at Size.Small or Size.Medium.</summary>
    public static MarkupString CheckBoxIcon(bool? value, bool small) => (small ? SmallIcons : MediumIcons)[State(value)];

    private static MarkupString Icon(string path, string size) =>
        new("\n                <svg class=\"mud-icon-root mud-svg-icon mud-icon-size-" + size + "\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">" + path + "</svg>");

    /// <summary>The class of a MudButton with Variant.Text and Size.Small in a color (Primary, Success, Error …).</summary>
    public static string SmallTextButtonClass(Color color) =>
        "mud-button-root mud-button mud-button-text mud-button-text-" + color.ToString().ToLowerInvariant() + " mud-button-text-size-small mud-ripple";
}
