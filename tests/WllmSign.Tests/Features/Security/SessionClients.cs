using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// Sign-ins that hand back the raw sign-in cookie, so a test can replay a copy of it from another client (as an
/// attacker who copied it would), and form posts with the page's antiforgery token.
/// </summary>
public static partial class SessionClients
{
    public const string Password = "Wllm2026!demo";

    /// <summary>A client that keeps its cookies and does not follow redirects.</summary>
    public static HttpClient Browser(WebApplicationFactory<Program> portal) =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client that sends exactly <paramref name="cookie"/> on every request and never stores what the server sets.</summary>
    public static HttpClient Replay(WebApplicationFactory<Program> portal, string cookie)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>Signs <paramref name="client"/> in; returns the response of the login post.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password = Password,
        bool rememberMe = false, string address = "/Account/Login")
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password };
        if (rememberMe) fields["Input.RememberMe"] = "true";
        return await PostFormAsync(client, address, "login", fields, formPage: "/Account/Login");
    }

    /// <summary>Signs in and returns the <c>Cookie</c> header value of the sign-in cookie (all its chunks).</summary>
    public static async Task<string> SignInAsync(HttpClient client, string email, bool rememberMe = false)
    {
        using var response = await PostLoginAsync(client, email, rememberMe: rememberMe);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/Account/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return AuthCookie(response);
    }

    /// <summary>The sign-in cookie(s) a response sets, as a <c>Cookie</c> header value.</summary>
    public static string AuthCookie(HttpResponseMessage response) => string.Join("; ", AuthSetCookies(response).Select(c => c.Split(';')[0]));

    public static IEnumerable<string> AuthSetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Where(v => v.StartsWith("wllmsign.auth", StringComparison.Ordinal)) : [];

    /// <summary>GETs <paramref name="formPage"/> (default: <paramref name="address"/>) for the antiforgery token and posts the named Blazor form.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string address, string? formName, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? address);
        if (formName is not null) fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = Token(page);
        return await client.PostAsync(address, new FormUrlEncodedContent(fields));
    }

    /// <summary>The first antiforgery token on a page.</summary>
    public static string Token(string page)
    {
        var match = AntiforgeryToken().Match(page);
        Assert.True(match.Success, "no antiforgery token on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>退出 as the top bar's form does it (the token from the signed-in page <paramref name="page"/>).</summary>
    public static async Task SignOutAsync(HttpClient client, string page)
    {
        using var response = await PostFormAsync(client, "/Account/Logout", null, [], formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
