using Microsoft.Playwright;
using WllmSign.Portal.Components.Shared;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The only way an end-to-end test chooses a file (decision 024; <c>EndToEndRulesTests</c> keeps it so). Blazor's
/// InputFile listens for the browser's change event only after a JS interop round trip; a file set before then is lost.
/// The portal's <see cref="FileUpload"/> says <c>data-ready="true"</c> once it listens and shows the chosen file's name
/// and size once the server has it: this waits for the first, sets the file, and waits for the second.
/// </summary>
public static class FileUploads
{
    /// <summary>Chooses <paramref name="path"/> in the one file upload inside <paramref name="scope"/> (e.g. the dialog).</summary>
    public static async Task UploadFileAsync(this ILocator scope, string path)
    {
        var upload = scope.Locator("[data-testid='file-upload']");
        await Assertions.Expect(upload).ToHaveAttributeAsync("data-ready", "true");
        var input = upload.Locator("[data-testid='file-upload-input']");
        await Assertions.Expect(input).ToBeEnabledAsync();

        var chosen = upload.Locator("[data-testid='file-upload-chosen']");
        var acknowledgement = $"已选择：{Path.GetFileName(path)}（{FileUpload.SizeText(new FileInfo(path).Length)}）";
        // The same file already acknowledged: the wait below could not tell the new choice arrived.
        if (await chosen.CountAsync() > 0 && (await chosen.InnerTextAsync()).Trim() == acknowledgement)
            throw new InvalidOperationException($"{acknowledgement} is already chosen here: choose it in a fresh upload.");

        await input.SetInputFilesAsync(path);
        await Assertions.Expect(chosen).ToHaveTextAsync(acknowledgement);
    }
}
