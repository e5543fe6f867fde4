using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Net.Http.Headers;
using MudBlazor;

namespace WllmSign.Portal.Components.Layout;

/// <summary>
/// The CSS variables of <see cref="PortalTheme"/> (palette, typography, shadows, z-indexes, …) as a stylesheet served
/// at <see cref="Path"/>, built once at start-up from what <see cref="MudThemeProvider"/> itself renders. The layout
/// therefore carries no MudThemeProvider: in a circuit it kept its own MudTheme (~110 MudColor objects) and a ~10 KB
/// &lt;style&gt; in both render trees, re-rendered with every layout render, and a JS interop registration for the
/// system dark mode the portal does not use (docs/decisions/016-several-servers.md, issue #12).
/// The address carries a hash of the content (<see cref="Href"/>), so the file is cached for a year and a new theme
/// is a new address.
/// </summary>
public sealed class ThemeStylesheet
{
    public const string Path = "/theme.css";

    private ThemeStylesheet(string css)
    {
        Css = Encoding.UTF8.GetBytes(css);
        Version = Convert.ToHexStringLower(SHA256.HashData(Css))[..12];
    }

    /// <summary>The stylesheet (UTF-8).</summary>
    public byte[] Css { get; }

    /// <summary>A short hash of <see cref="Css"/>.</summary>
    public string Version { get; }

    /// <summary>The address to link (relative to the document's base), versioned by content.</summary>
    public string Href => Path.TrimStart('/') + "?v=" + Version;

    /// <summary>Renders MudThemeProvider with the portal's theme once and keeps the content of its style element(s).</summary>
    public static async Task<ThemeStylesheet> BuildAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(
                new Dictionary<string, object?> { [nameof(MudThemeProvider.Theme)] = PortalTheme.Theme }));
            return root.ToHtmlString();
        });
        return new ThemeStylesheet(StyleContent(html));
    }

    /// <summary>The text of every &lt;style&gt; element in <paramref name="html"/>, in order.</summary>
    internal static string StyleContent(string html)
    {
        var css = new StringBuilder();
        var at = 0;
        while ((at = html.IndexOf("<style", at, StringComparison.Ordinal)) >= 0)
        {
            var start = html.IndexOf('>', at) + 1;
            var end = html.IndexOf("</style>", start, StringComparison.Ordinal);
            css.Append(System.Net.WebUtility.HtmlDecode(html[start..end])).Append('\n');
            at = end;
        }
        if (css.Length == 0) throw new InvalidOperationException("MudThemeProvider rendered no <style> element.");
        return css.ToString();
    }
}

public static class ThemeStylesheetEndpoint
{
    /// <summary>Builds the stylesheet (once) and maps GET <see cref="ThemeStylesheet.Path"/>: public, cached for a year.</summary>
    public static WebApplication MapThemeStylesheet(this WebApplication app)
    {
        var sheet = app.Services.GetRequiredService<ThemeStylesheetHolder>();
        sheet.Value = ThemeStylesheet.BuildAsync(app.Services).GetAwaiter().GetResult();
        app.MapGet(ThemeStylesheet.Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.ETag = new EntityTagHeaderValue("\"" + sheet.Value.Version + "\"").ToString();
            return Results.Bytes(sheet.Value.Css, "text/css; charset=utf-8");
        }).AllowAnonymous();
        return app;
    }
}

/// <summary>The start-up-built <see cref="ThemeStylesheet"/>, for App.razor's link.</summary>
public sealed class ThemeStylesheetHolder
{
    public ThemeStylesheet Value { get; set; } = null!;
}
