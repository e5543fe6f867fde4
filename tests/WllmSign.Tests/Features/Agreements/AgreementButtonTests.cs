using Bunit;
using MudBlazor.Services;
using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Tests.Features.Agreements;

public sealed class AgreementButtonTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void View_agreement_opens_the_pdf_of_that_signing_in_a_new_tab()
    {
        var button = ctx.Render<AgreementButton>(p => p.Add(x => x.SigningId, 42));
        var link = button.Find("a[data-testid='view-agreement']");
        Assert.Equal("/agreements/42.pdf", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Contains("查看协议书", link.TextContent, StringComparison.Ordinal);
    }
}
