using Microsoft.AspNetCore.WebUtilities;

namespace WllmSign.Portal.Infrastructure;

/// <summary>
/// Absolute links to the portal for places outside the browser (emails, the agreement's QR code), always from the one
/// setting <c>Portal:PublicBaseUrl</c>, never from the request's Host header: a request sent with
/// <c>Host: evil.example</c> must not make the portal mail a link to evil.example.
/// </summary>
public sealed class PublicLinks(IOptions<PortalOptions> options)
{
    /// <summary>The configured public address without a trailing slash, e.g. <c>https://sign.example.edu.cn</c>.</summary>
    public string BaseUrl => options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary><paramref name="path"/> (e.g. <c>Account/ConfirmEmail</c>) under the public address, with the query's values encoded.</summary>
    public string To(string path, IDictionary<string, string?>? query = null)
    {
        var url = BaseUrl + "/" + path.TrimStart('/');
        return query is null ? url : QueryHelpers.AddQueryString(url, query);
    }
}
