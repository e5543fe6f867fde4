using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// GET /verify?no=…&amp;code=… — 协议书查验, public, the address printed in every agreement's QR code.
/// The page is static and its form is a GET, so it needs nothing the Razor components endpoint adds to every page
/// of an app with interactive render modes: no antiforgery token (cookie + Data Protection), no protected
/// component-state block, no router, authentication state or layout of the signed-in areas. It is rendered with an
/// <see cref="HtmlRenderer"/> of its own (the same Razor components: <see cref="VerifyDocument"/>, the sign-in
/// pages' layout, <see cref="VerifyPage"/>, the verdict view). Measured in docs/benchmarks.md (issue #12).
/// No result is cached: an agreement may be terminated at any moment.
/// </summary>
public static class VerifyEndpoint
{
    public static IEndpointRouteBuilder MapVerify(this IEndpointRouteBuilder app)
    {
        app.MapGet("/verify", RenderAsync).AllowAnonymous();
        return app;
    }

    private static async Task RenderAsync(HttpContext http, ILoggerFactory loggers)
    {
        var query = http.Request.Query;
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(VerifyDocument.No)] = query.ContainsKey("no") ? query["no"].ToString() : null,
            [nameof(VerifyDocument.Code)] = query.ContainsKey("code") ? query["code"].ToString() : null,
            [nameof(VerifyDocument.Client)] = http.Connection.RemoteIpAddress?.ToString(),
        });

        await using var renderer = new HtmlRenderer(http.RequestServices, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<VerifyDocument>(parameters);
            await using var writer = new StringWriter();
            root.WriteHtmlTo(writer);
            return writer.ToString();
        });

        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }
}
