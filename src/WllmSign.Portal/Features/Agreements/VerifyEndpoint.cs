using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http.Features;
using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// GET /verify?no=…&amp;code=… — 协议书查验, public, the address printed in every agreement's QR code.
/// The page is static and its form is a GET, so it needs nothing the Razor components endpoint adds to every page
/// of an app with interactive render modes: no antiforgery token (cookie + Data Protection), no protected
/// component-state block, no router, authentication state or layout of the signed-in areas. It is rendered with an
/// <see cref="HtmlRenderer"/> of its own (the same Razor components: <see cref="VerifyDocument"/>, the sign-in
/// pages' layout, <see cref="VerifyPage"/>, the verdict view). Measured in docs/benchmarks.md (issue #12).
/// No result is cached: an agreement may be terminated at any moment.
/// POST /verify (multipart, one field <c>file</c>) — the file check of an uploaded agreement PDF (decision 021): it changes
/// nothing and answers only the poster, so it carries no antiforgery token; the body is capped
/// (<see cref="AgreementSigningOptions.MaxUploadBytes"/>) and the check shares the number check's per-client budget.
/// GET /verify/alliance-ca.crt — the alliance CA certificate (PEM), the trust anchor for readers' offline checks.
/// </summary>
public static class VerifyEndpoint
{
    public const string CaCertificatePath = "/verify/alliance-ca.crt";

    public static IEndpointRouteBuilder MapVerify(this IEndpointRouteBuilder app)
    {
        app.MapGet("/verify", RenderAsync).AllowAnonymous();
        app.MapPost("/verify", CheckFileAsync).AllowAnonymous().DisableAntiforgery();
        app.MapGet(CaCertificatePath, (AllianceCertificates certificates) => certificates.Enabled
            ? Results.File(System.Text.Encoding.ASCII.GetBytes(certificates.CaPem), "application/x-pem-file", "wllm-alliance-ca.crt")
            : Results.NotFound()).AllowAnonymous();
        return app;
    }

    private static Task RenderAsync(HttpContext http, ILoggerFactory loggers)
    {
        var query = http.Request.Query;
        return WriteAsync(http, loggers, query.ContainsKey("no") ? query["no"].ToString() : null,
            query.ContainsKey("code") ? query["code"].ToString() : null, fileResult: null);
    }

    private static async Task CheckFileAsync(HttpContext http, ILoggerFactory loggers, AgreementFileCheckService files)
    {
        var max = files.MaxBytes;
        // The form's own overhead (boundaries, headers) on top of the file.
        const int formOverhead = 16 * 1024;
        AgreementCheckResult result;
        if (http.Request.ContentLength > max + formOverhead || !http.Request.HasFormContentType)
        {
            result = http.Request.HasFormContentType
                ? new(AgreementCheckStatus.Invalid, AgreementFileCheckService.TooLarge(max))
                : new(AgreementCheckStatus.Invalid, "请选择要查验的协议书PDF文件");
            http.Response.Headers.Connection = "close";
        }
        else
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max + formOverhead;
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                MultipartBodyLengthLimit = max + formOverhead, ValueCountLimit = 8, KeyLengthLimit = 64,
            }));
            byte[]? bytes = null;
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                if (form.Files.GetFile("file") is { } upload && upload.Length <= max)
                {
                    bytes = new byte[upload.Length];
                    await using var stream = upload.OpenReadStream();
                    await stream.ReadExactlyAsync(bytes, http.RequestAborted);
                }
                else if (form.Files.GetFile("file") is { }) bytes = new byte[max + 1];
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                bytes = new byte[max + 1];
            }
            result = await files.CheckAsync(http.Connection.RemoteIpAddress?.ToString(), bytes, http.RequestAborted);
        }
        await WriteAsync(http, loggers, null, null, result);
    }

    private static async Task WriteAsync(HttpContext http, ILoggerFactory loggers, string? no, string? code, AgreementCheckResult? fileResult)
    {
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(VerifyDocument.No)] = no,
            [nameof(VerifyDocument.Code)] = code,
            [nameof(VerifyDocument.Client)] = http.Connection.RemoteIpAddress?.ToString(),
            [nameof(VerifyDocument.FileResult)] = fileResult,
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
