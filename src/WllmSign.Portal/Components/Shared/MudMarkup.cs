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
    private const string Box = "mud-button-root mud-icon-button mud-default-text hover:mud-default-hover ";

    /// <summary>The class of MudCheckBox's button span (Color.Default) for a value: true, false or null (indeterminate).</summary>
    public static string CheckBoxClass(bool? value, bool dense) => (value, dense) switch
    {
        (true, true) => DenseTrue,
        (false, true) => DenseFalse,
        (null, true) => DenseNull,
        (true, false) => BoxTrue,
        (false, false) => BoxFalse,
        (null, false) => BoxNull,
    };

    private const string DenseTrue = Box + "mud-checkbox-dense mud-ripple mud-ripple-checkbox mud-checkbox-true";
    private const string DenseFalse = Box + "mud-checkbox-dense mud-ripple mud-ripple-checkbox mud-checkbox-false";
    private const string DenseNull = Box + "mud-checkbox-dense mud-ripple mud-ripple-checkbox mud-checkbox-null";
    private const string BoxTrue = Box + "mud-ripple mud-ripple-checkbox mud-checkbox-true";
    private const string BoxFalse = Box + "mud-ripple mud-ripple-checkbox mud-checkbox-false";
    private const string BoxNull = Box + "mud-ripple mud-ripple-checkbox mud-checkbox-null";

    /// <summary>MudCheckBox's icon for a value (CheckBox, CheckBoxOutlineBlank, IndeterminateCheckBox) at Size.Small or Size.Medium.</summary>
    public static MarkupString CheckBoxIcon(bool? value, bool small) => (value, small) switch
    {
        (true, true) => SmallTrue,
        (false, true) => SmallFalse,
        (null, true) => SmallNull,
        (true, false) => MediumTrue,
        (false, false) => MediumFalse,
        (null, false) => MediumNull,
    };

    private static readonly MarkupString SmallTrue = Icon(Icons.Material.Filled.CheckBox, "small");
    private static readonly MarkupString SmallFalse = Icon(Icons.Material.Filled.CheckBoxOutlineBlank, "small");
    private static readonly MarkupString SmallNull = Icon(Icons.Material.Filled.IndeterminateCheckBox, "small");
    private static readonly MarkupString MediumTrue = Icon(Icons.Material.Filled.CheckBox, "medium");
    private static readonly MarkupString MediumFalse = Icon(Icons.Material.Filled.CheckBoxOutlineBlank, "medium");
    private static readonly MarkupString MediumNull = Icon(Icons.Material.Filled.IndeterminateCheckBox, "medium");

    private static MarkupString Icon(string path, string size) =>
        new("\n                <svg class=\"mud-icon-root mud-svg-icon mud-icon-size-" + size + "\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">" + path + "</svg>");

    /// <summary>The class of a MudButton with Variant.Text and Size.Small in a color (Primary, Success, Error …).</summary>
    public static string SmallTextButtonClass(Color color) => color switch
    {
        Color.Primary => PrimaryText,
        Color.Success => SuccessText,
        Color.Error => ErrorText,
        _ => "mud-button-root mud-button mud-button-text mud-button-text-" + color.ToString().ToLowerInvariant() + " mud-button-text-size-small mud-ripple",
    };

    private const string PrimaryText = "mud-button-root mud-button mud-button-text mud-button-text-primary mud-button-text-size-small mud-ripple";
    private const string SuccessText = "mud-button-root mud-button mud-button-text mud-button-text-success mud-button-text-size-small mud-ripple";
    private const string ErrorText = "mud-button-root mud-button mud-button-text mud-button-text-error mud-button-text-size-small mud-ripple";
}
