using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// GET /agreements/{signingId}.pdf — one agreement, inline (the browser shows it with download and print);
/// GET /agreements/school.zip?year=&amp;major=&amp;faculty= — a school admin's agreements as one streamed ZIP.
/// Whoever may not see it gets 404, signed in or not (no redirect to the login: existence is not revealed).
/// </summary>
public static class AgreementEndpoints
{
    /// <summary>The address of one agreement's PDF, for the 查看协议书 buttons.</summary>
    public static string PdfUrl(int signingId) => $"/agreements/{signingId}.pdf";

    /// <summary>The address of the school's bulk download with the data list's filters.</summary>
    public static string SchoolZipUrl(int? year, string? major, string? faculty)
    {
        var query = new List<string>();
        if (year is { } y) query.Add($"year={y}");
        if (!string.IsNullOrWhiteSpace(major)) query.Add("major=" + Uri.EscapeDataString(major));
        if (!string.IsNullOrWhiteSpace(faculty)) query.Add("faculty=" + Uri.EscapeDataString(faculty));
        return "/agreements/school.zip" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder app)
    {
        app.MapGet("/agreements/school.zip", SchoolZipAsync).AllowAnonymous();
        app.MapGet("/agreements/{signingId:int}.pdf", PdfAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> PdfAsync(int signingId, HttpContext http, AgreementService agreements, IAuditLog audit, CancellationToken ct)
    {
        (string FileName, byte[] Pdf)? file;
        var user = CurrentUser.From(http.User);
        try
        {
            file = await agreements.GetPdfAsync(user, signingId, ct);
        }
        catch (AgreementFontUnavailableException)
        {
            return NoFont();
        }
        if (file is not { } f || user is null) return Results.NotFound();
        await audit.WriteAsync(AuditActor.Of(user), AuditActions.AgreementDownloaded, f.FileName, schoolId: null, signingId);
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentDisposition = Disposition("inline", f.FileName);
        return Results.File(f.Pdf, "application/pdf");
    }

    private static async Task SchoolZipAsync(HttpContext http, AgreementService agreements, IAuditLog audit, int? year, string? major, string? faculty, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var entries = agreements.SchoolAgreements(user, new SchoolAgreementFilter(year, major, faculty));
        if (entries is null || user is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        try
        {
            agreements.EnsureFonts();
        }
        catch (AgreementFontUnavailableException)
        {
            await NoFont().ExecuteAsync(http);
            return;
        }

        await audit.WriteAsync(AuditActor.Of(user), AuditActions.AgreementsZipDownloaded,
            $"协议书ZIP（{(year is { } yy ? yy + "届" : "全部届别")}{(string.IsNullOrWhiteSpace(faculty) ? "" : "，" + faculty)}{(string.IsNullOrWhiteSpace(major) ? "" : "，" + major)}）", user.SchoolId);
        http.Response.ContentType = "application/zip";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentDisposition = Disposition("attachment", $"协议书_{(year is { } y ? y + "届" : "全部")}.zip");
        // ZipArchive writes synchronously; Kestrel allows only asynchronous writes. Each entry is written into
        // a small buffer, which is then sent asynchronously: one page of issued PDFs in memory at a time, never the whole ZIP.
        var buffer = new DrainableBuffer();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await foreach (var entry in entries.WithCancellation(ct))
            {
                var pdf = entry.Pdf;
                var zipEntry = zip.CreateEntry(entry.EntryName, CompressionLevel.NoCompression);
                using (var stream = zipEntry.Open()) stream.Write(pdf);
                await buffer.DrainToAsync(http.Response.Body, ct);
            }
        }
        await buffer.DrainToAsync(http.Response.Body, ct);
    }

    /// <summary>A write-only, non-seekable stream that keeps what was written until it is drained asynchronously.</summary>
    private sealed class DrainableBuffer : Stream
    {
        private readonly MemoryStream pending = new();
        private long written;

        public async Task DrainToAsync(Stream target, CancellationToken ct)
        {
            if (pending.Length == 0) return;
            await target.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), ct);
            await target.FlushAsync(ct);
            pending.SetLength(0);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            pending.Write(buffer, offset, count);
            written += count;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary><c>inline; filename="agreement.pdf"; filename*=UTF-8''协议书_…</c>: an ASCII name for old clients, the Chinese one for the rest.</summary>
    private static string Disposition(string kind, string fileName)
    {
        var header = new ContentDispositionHeaderValue(kind) { FileNameStar = fileName };
        var ascii = new string(fileName.Where(c => c < 128 && c != '"').ToArray()).Trim('_');
        header.FileName = ascii.Length > 4 && ascii.Contains('.', StringComparison.Ordinal) ? "agreement_" + ascii : "agreement.pdf";
        return header.ToString();
    }

    private static IResult NoFont()
    {
        var message = WebUtility.HtmlEncode(AgreementFontUnavailableException.UserMessage);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>无法生成协议书 - 签约上报系统</title></head>")
            .Append("<body style=\"font-family:sans-serif;margin:3em\"><h1>无法生成协议书</h1>")
            .Append("<p data-testid=\"agreement-error\">").Append(message).Append("</p>")
            .Append("<p><a href=\"/\">返回首页</a></p></body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
    }
}
