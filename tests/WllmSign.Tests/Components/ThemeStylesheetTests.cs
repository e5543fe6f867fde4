using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Components;

/// <summary>
/// The theme's CSS variables are a start-up-built stylesheet (no MudThemeProvider in every circuit): the portal's
/// colours and font stack, versioned by content and cached for a year; the signed-in pages link it.
/// </summary>
public sealed class ThemeStylesheetTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_theme_stylesheet_carries_the_portal_colours_and_fonts_and_is_cached_under_a_versioned_address()
    {
        var client = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var href = await LinkedThemeAsync(client);
        Assert.Matches(@"^theme\.css\?v=[0-9a-f]{12}$", href);

        var response = await client.GetAsync("/" + href);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=31536000", response.Headers.CacheControl?.ToString());
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains("--mud-palette-primary: rgba(21,101,192,1);", css);          // #1565c0
        Assert.Contains("--mud-palette-secondary: rgba(230,81,0,1);", css);          // #e65100
        Assert.Contains("--mud-typography-default-family: 'PingFang SC', 'Microsoft YaHei'", css);
        Assert.Contains("--mud-zindex-appbar:", css);
    }

    /// <summary>Signs in as the demo employer and returns the theme link of the employer home page.</summary>
    private static async Task<string> LinkedThemeAsync(HttpClient client)
    {
        var login = await client.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var posted = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Email"] = "employer@wllm.test", ["Input.Password"] = "Wllm2026!demo", ["_handler"] = "login",
        }));
        Assert.Equal("/employer", posted.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        var home = await client.GetStringAsync("/employer");
        var match = System.Text.RegularExpressions.Regex.Match(home, "<link rel=\"stylesheet\" href=\"(theme\\.css[^\"]*)\"");
        Assert.True(match.Success, "the employer home page links no theme stylesheet");
        return match.Groups[1].Value;
    }
}
