using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor.Services;
using WllmSign.Portal.Components.Shared;

namespace WllmSign.Tests.Components;

/// <summary>
/// The portal's one file chooser (decision 024): not offered before the browser listens for the chosen file, and the
/// chosen file acknowledged on screen with its name and size.
/// </summary>
public sealed class FileUploadTests : IAsyncLifetime
{
    private const string InputFileInit = "Blazor._internal.InputFile.init";
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void The_chooser_is_disabled_and_not_ready_until_the_browser_has_attached_its_listener()
    {
        // The browser has not answered InputFile's init call yet (a busy server, a slow phone).
        var init = ctx.JSInterop.SetupVoid(InputFileInit, _ => true);
        var upload = ctx.Render<FileUpload>();

        Assert.Equal("false", upload.Find("[data-testid='file-upload']").GetAttribute("data-ready"));
        Assert.True(upload.Find("[data-testid='file-upload-input']").HasAttribute("disabled"));
        Assert.Contains("正在准备上传", upload.Markup, StringComparison.Ordinal);

        init.SetVoidResult();

        upload.WaitForAssertion(() => Assert.Equal("true", upload.Find("[data-testid='file-upload']").GetAttribute("data-ready")));
        Assert.False(upload.Find("[data-testid='file-upload-input']").HasAttribute("disabled"));
        Assert.DoesNotContain("正在准备上传", upload.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chosen_file_is_shown_with_its_name_and_size_and_handed_on()
    {
        IBrowserFile? handed = null;
        var upload = ctx.Render<FileUpload>(p => p.Add(x => x.OnChosen, (IBrowserFile f) => handed = f));
        Assert.Empty(upload.FindAll("[data-testid='file-upload-chosen']"));

        upload.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[12_700], "拟签约名单.xlsx"));

        Assert.Equal("已选择：拟签约名单.xlsx（12.4 KB）", upload.Find("[data-testid='file-upload-chosen']").TextContent.Trim());
        Assert.Equal("拟签约名单.xlsx", handed!.Name);
    }

    [Fact]
    public void Disabled_keeps_the_chooser_closed_even_when_it_listens()
    {
        var upload = ctx.Render<FileUpload>(p => p.Add(x => x.Disabled, true));
        Assert.Equal("true", upload.Find("[data-testid='file-upload']").GetAttribute("data-ready"));
        Assert.True(upload.Find("[data-testid='file-upload-input']").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(860, "860 B")]
    [InlineData(12_700, "12.4 KB")]
    [InlineData(3_250_000, "3.1 MB")]
    public void Sizes_read_as_a_person_reads_them(long bytes, string text) => Assert.Equal(text, FileUpload.SizeText(bytes));
}
