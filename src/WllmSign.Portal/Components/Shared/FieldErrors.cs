using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace WllmSign.Portal.Components.Shared;

/// <summary>
/// A form's refusal shown at the field it is about (decision 028). The domain refuses with one Chinese sentence
/// naming the first wrong field by the label the form shows ("试用起薪不得低于转正起薪的80%…", "请选择报到地点"):
/// the field is the form's label that the message names first (the longer label when two start at the same place,
/// so "档案转递联系电话…" is not 联系电话). A message that names no field (请先完成签约信息确认…) marks none.
/// </summary>
public sealed class FieldErrors(params string[] labels)
{
    /// <summary>The refusal as the domain worded it; null when the form has none.</summary>
    public string? Message { get; private set; }

    /// <summary>The label of the field the refusal is about; null when it names none of the form's fields.</summary>
    public string? Field { get; private set; }

    public void Show(string message)
    {
        Message = message;
        Field = FieldOf(message);
    }

    public void Clear() => (Message, Field) = (null, null);

    /// <summary>The message to show under the field with this label, or null when the field is not the refused one.</summary>
    public string? For(string label) => Field == label ? Message : null;

    public bool Has(string label) => Field == label;

    /// <summary>
    /// The parameters that mark the MudBlazor field with this label (splat them with <c>@attributes</c>): Error and
    /// ErrorText for the render that shows the refusal, and Validation, because MudBlazor validates a field again when it
    /// loses the focus or changes and then replaces Error and ErrorText with its own result — so the refusal is that
    /// result too, until <see cref="Recheck"/> clears it. RequiredError says MudBlazor's "Required" (a required field
    /// left empty) in Chinese: <paramref name="verb"/> 请输入 for a box, 请选择 for a list.
    /// </summary>
    public IReadOnlyDictionary<string, object> Mark<T>(string label, string verb = "请输入") => Parameters<T>(this, label, verb);

    /// <summary><see cref="Mark{T}"/> for a field of a form without refusals: no error, and the Chinese RequiredError.</summary>
    public static IReadOnlyDictionary<string, object> Unmarked<T>(string label, string verb = "请输入") => Parameters<T>(null, label, verb);

    private static Dictionary<string, object> Parameters<T>(FieldErrors? errors, string label, string verb) => new()
    {
        ["Error"] = errors?.Has(label) ?? false,
        ["ErrorText"] = errors?.For(label)!,
        ["Validation"] = new Func<T?, string?>(_ => errors?.For(label)),
        ["RequiredError"] = verb + label,
    };

    /// <summary>
    /// After the user changed a field: <paramref name="firstError"/> is the form's refusal now (null when it would be
    /// accepted). While it is still about the marked field, its message follows; once it is not, the user has fixed
    /// that field and the refusal goes (top, bottom and field). A refusal about no field stays until the next 发送.
    /// Returns whether anything changed.
    /// </summary>
    public bool Recheck(string? firstError)
    {
        if (Field is null) return false;
        if (firstError is not null && FieldOf(firstError) == Field)
        {
            if (firstError == Message) return false;
            Message = firstError;
            return true;
        }
        Clear();
        return true;
    }

    /// <summary>The label the message names first; null when it names none.</summary>
    public string? FieldOf(string message) => labels
        .Select(label => (label, at: message.IndexOf(label, StringComparison.Ordinal)))
        .Where(x => x.at >= 0)
        .OrderBy(x => x.at).ThenByDescending(x => x.label.Length)
        .Select(x => x.label)
        .FirstOrDefault();

    /// <summary>
    /// Scrolls the first field marked invalid inside <paramref name="form"/> to the middle of the screen and puts the
    /// keyboard focus in it (wwwroot/field-errors.js).
    /// </summary>
    public static async Task RevealFirstAsync(IJSRuntime js, ElementReference form)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./field-errors.js");
        await module.InvokeVoidAsync("revealFirstError", form);
    }
}
