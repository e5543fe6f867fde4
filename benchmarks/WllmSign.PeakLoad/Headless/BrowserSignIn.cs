using System.Net;
using System.Text.RegularExpressions;

namespace WllmSign.PeakLoad.Headless;

/// <summary>
/// Signs in over plain HTTP as a browser does with the login form (Components/Account/Pages/Login.razor, static SSR):
/// GET /Account/Login (the antiforgery cookie and the form's hidden token), POST the form (email, password, the
/// token, the form name), keep the cookies of the answer (the authentication cookie). One shared HttpClient without a
/// cookie store (thousands of users); each user's cookies live in their own <see cref="CookieContainer"/>, which the
/// circuit's WebSocket then sends too.
/// </summary>
public static partial class BrowserSignIn
{
    /// <summary>A client for every user of a run: no cookies of its own, no redirects followed (the 302 carries the cookie).</summary>
    public static HttpClient CreateSharedClient() => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 64,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    { Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>Returns the signed-in user's cookies and where the portal sent them (the role's home).</summary>
    public static async Task<(CookieContainer Cookies, string Home)> SignInAsync(HttpClient http, Uri baseUri, string email, string password)
    {
        var cookies = new CookieContainer();
        var login = new Uri(baseUri, "/Account/Login");
        string form;
        using (var get = new HttpRequestMessage(HttpMethod.Get, login))
        using (var page = await http.SendAsync(get))
        {
            Keep(cookies, login, page);
            if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /Account/Login: {(int)page.StatusCode}");
            form = await page.Content.ReadAsStringAsync();
        }
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match m in HiddenInput().Matches(form))
            fields.Add(new(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)));
        if (!fields.Any(f => f.Key == "__RequestVerificationToken")) throw new InvalidOperationException("the login form has no antiforgery token");
        fields.Add(new("Input.Email", email));
        fields.Add(new("Input.Password", password));
        fields.Add(new("Input.RememberMe", "false"));

        using var post = new HttpRequestMessage(HttpMethod.Post, login) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookies.GetCookieHeader(login));
        using var answer = await http.SendAsync(post);
        Keep(cookies, login, answer);
        if (answer.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            var body = await answer.Content.ReadAsStringAsync();
            var message = ErrorMessage().Match(body) is { Success: true } e ? WebUtility.HtmlDecode(e.Groups[1].Value) : $"status {(int)answer.StatusCode}";
            throw new InvalidOperationException($"sign-in of {email} refused: {message}");
        }
        var home = answer.Headers.Location?.ToString() ?? "/";
        if (home.Contains("/Account/", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"sign-in of {email} went to {home}");
        return (cookies, home);
    }

    private static void Keep(CookieContainer cookies, Uri uri, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
            foreach (var v in values) cookies.SetCookies(uri, v);
    }

    [GeneratedRegex("<input(?=[^>]*type=\"hidden\")(?=[^>]*name=\"(?<name>[^\"]*)\")(?=[^>]*value=\"(?<value>[^\"]*)\")[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("class=\"[^\"]*(?:alert|status)[^\"]*\"[^>]*>\\s*([^<]+)<")]
    private static partial Regex ErrorMessage();
}
