using Microsoft.AspNetCore.Http.Features;
using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// GET /verify?no=…&amp;code=… — 协议书查验, public, the address printed in every agreement's QR code.
/// The cheapest page for anyone to hammer (issue #27, decision 030), so it costs as little as the check itself:
/// the endpoint is short-circuited (routing runs it right after the reverse-proxy, exception, security-header and
/// status-code middleware, before localization, authentication, antiforgery and the 2FA gate, none of which a
/// public static page with a GET form needs), and the page is written directly by <see cref="VerifyHtml"/> — no
/// Razor renderer, no DI scope, no DbContext (<see cref="AgreementCheckService"/> reads with plain ADO.NET). The
/// per-client limit stays inside <see cref="AgreementCheckService.CheckAsync"/>. No result is cached: an agreement
/// may be terminated at any moment.
/// POST /verify (multipart, one field <c>file</c>) — the file check of an uploaded agreement PDF (decision 021): it changes
/// nothing and answers only the poster, so it carries no antiforgery token; the body is capped
/// (<see cref="AgreementSigningOptions.MaxUploadBytes"/>) and the check shares the number check's per-client budget.
/// It goes through the whole pipeline.
/// GET /verify/alliance-ca.crt — the alliance CA certificate (PEM), the trust anchor for readers' offline checks.
/// </summary>
public static class VerifyEndpoint
{
    public const string CaCertificatePath = "/verify/alliance-ca.crt";

    public static IEndpointRouteBuilder MapVerify(this IEndpointRouteBuilder app)
    {
        app.MapGet("/verify", RenderAsync).AllowAnonymous().ShortCircuit();
        app.MapPost("/verify", CheckFileAsync).AllowAnonymous().DisableAntiforgery();
        app.MapGet(CaCertificatePath, (AllianceCertificates certificates) => certificates.Enabled
            ? Results.File(System.Text.Encoding.ASCII.GetBytes(certificates.CaPem), "application/x-pem-file", "wllm-alliance-ca.crt")
            : Results.NotFound()).AllowAnonymous();
        return app;
    }

    private static async Task RenderAsync(HttpContext http, AgreementCheckService checks)
    {
        var query = http.Request.Query;
        string? no = query.TryGetValue("no", out var n) ? n.ToString() : null;
        string? code = query.TryGetValue("code", out var c) ? c.ToString() : null;
        var result = no is null && code is null ? null
            : await checks.CheckAsync(http.Connection.RemoteIpAddress?.ToString(), no, code, http.RequestAborted);
        await WriteAsync(http, no, code, result, fileResult: null);
    }

    private static async Task CheckFileAsync(HttpContext http, AgreementFileCheckService files)
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
        await WriteAsync(http, null, null, null, result);
    }

    private static Task WriteAsync(HttpContext http, string? no, string? code, AgreementCheckResult? result, AgreementCheckResult? fileResult)
    {
        var services = http.RequestServices;
        var html = VerifyHtml.Page(no, code, result, fileResult,
            services.GetRequiredService<AgreementFileCheckService>().MaxBytes, services.GetRequiredService<AllianceCertificates>().Enabled);
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(html, http.RequestAborted);
    }
}
