using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace WllmSign.Portal.Components.Shared;

/// <summary>
/// Blazor's <see cref="InputFile"/>, which also says when it listens. InputFile attaches its <c>change</c> listener in
/// the browser in <c>OnAfterRenderAsync(firstRender)</c> through a JS interop call; a file chosen before that call has
/// run is lost (no <c>OnChange</c>). Awaiting the base method awaits that call's round trip, so
/// <see cref="OnListening"/> runs only once the browser listens (decision 024).
/// </summary>
public sealed class ListeningInputFile : InputFile
{
    /// <summary>Runs once, after the browser has attached the input's change listener.</summary>
    [Parameter] public EventCallback OnListening { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (firstRender) await OnListening.InvokeAsync();
    }
}
