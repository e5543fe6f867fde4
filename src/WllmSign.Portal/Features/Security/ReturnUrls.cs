namespace WllmSign.Portal.Features.Security;

/// <summary>Where a sign-in may send the browser: a path of this portal, never another site (open redirect).</summary>
public static class ReturnUrls
{
    /// <summary>
    /// <paramref name="returnUrl"/> when it is a plain local path (<c>/school/data?year=2026</c>); otherwise
    /// <paramref name="home"/>. Refused: absolute addresses, protocol-relative <c>//host</c>, backslashes that
    /// browsers read as slashes (<c>/\host</c>), their percent-encoded forms (<c>/%5Chost</c>, <c>/%2F%2Fhost</c>), and control characters.
    /// </summary>
    public static string LocalOr(string? returnUrl, string home)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl == "/") return home;
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(returnUrl);
        }
        catch (UriFormatException)
        {
            return home;
        }
        foreach (var candidate in new[] { returnUrl, decoded })
        {
            if (!candidate.StartsWith('/') || candidate.StartsWith("//", StringComparison.Ordinal)
                || candidate.Contains('\\', StringComparison.Ordinal) || candidate.Any(char.IsControl))
                return home;
        }
        return Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) ? returnUrl : home;
    }
}
