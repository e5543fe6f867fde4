using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using WllmSign.Domain.Common;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;

namespace WllmSign.Portal.Features.Excel;

/// <summary>The services and download endpoints of #8 Excel import and export.</summary>
public static class ExcelRegistration
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IServiceCollection AddExcel(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.AddSingleton(ExcelLimits.Default);
        services.AddSingleton<RejectedRowsStore>();
        services.AddSingleton<ExcelTemplateService>();
        services.AddSingleton<ExcelExportService>();
        services.AddSingleton<SendListImportService>();
        services.AddSingleton<RosterImportService>();
        return services;
    }

    /// <summary>
    /// Endpoints that stream .xlsx files (GET; the full-ID exports POST with an antiforgery token): templates, the rejected rows of an import, and the exports. Each is
    /// authorized for its role; the services scope the data by the signed-in user.
    /// </summary>
    public static IEndpointRouteBuilder MapExcel(this IEndpointRouteBuilder app)
    {
        var excel = app.MapGroup("/excel").RequireAuthorization();
        var employer = excel.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Employer));
        var school = excel.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.SchoolAdmin));

        employer.MapGet("/templates/send-list.xlsx", (HttpContext http, ExcelTemplateService templates) =>
            StreamAsync(http, ExcelTemplateService.SendListFileName, (user, body, ct) => templates.WriteSendListTemplateAsync(user, body, ct)));
        school.MapGet("/templates/roster.xlsx", (HttpContext http, ExcelTemplateService templates) =>
            StreamAsync(http, ExcelTemplateService.RosterFileName, (user, body, ct) => templates.WriteRosterTemplateAsync(user, body, ct)));

        excel.MapGet("/rejected/{id:guid}.xlsx", (HttpContext http, Guid id, RejectedRowsStore store, TimeProvider clock) =>
        {
            var user = CurrentUser.From(http.User);
            var entry = user is null ? null : store.Get(id, user.UserId);
            if (entry is null) return Task.FromResult(Results.NotFound());
            return StreamAsync(http, ExcelTemplateService.RejectedFileName(entry.Kind, ChinaTime.Today(clock)),
                (_, body, ct) => ExcelTemplateService.WriteRejectedAsync(entry.Kind, entry.Rows, body, ct));
        });

        MapExport(employer, "/exports/send-list.xlsx", (http, exports, full) =>
        {
            var schoolId = ExcelQuery.ParseInt(http.Request.Query["school"]);
            var year = ExcelQuery.ParseInt(http.Request.Query["year"]);
            return StreamAsync(http, exports.SendListFileName(full), (user, body, ct) => exports.WriteSendListAsync(user, schoolId, year, full, body, ct));
        });
        MapExport(employer, "/exports/signings.xlsx", (http, exports, full) =>
        {
            var filter = SigningListFilter.FromQuery(http.Request.Query);
            return StreamAsync(http, exports.SigningListFileName(filter, full), (user, body, ct) => exports.WriteSigningListAsync(user, filter, full, body, ct));
        });
        MapExport(school, "/exports/roster.xlsx", (http, exports, full) =>
        {
            var filter = RosterFilter.FromQuery(http.Request.Query);
            return StreamAsync(http, exports.RosterFileName(filter, full), (user, body, ct) => exports.WriteRosterAsync(user, filter, full, body, ct));
        });
        MapExport(school, "/exports/placement.xlsx", (http, exports, full) =>
        {
            var year = ExcelQuery.ParseInt(http.Request.Query["year"]);
            return StreamAsync(http, exports.PlacementFileName(year, full), (user, body, ct) => exports.WritePlacementAsync(user, year, full, body, ct));
        });
        MapExport(school, "/exports/school-signings.xlsx", (http, exports, full) =>
        {
            var filter = ExcelLinks.SchoolSigningsFilter(http.Request.Query);
            return StreamAsync(http, exports.SchoolSigningsFileName(full), (user, body, ct) => exports.WriteSchoolSigningsAsync(user, filter, full, body, ct));
        });
        return app;
    }

    public const string FullByGetRefused = "导出完整身份证号须在页面上确认后提交，不能通过链接下载。";

    /// <summary>
    /// One export at one address: GET gives the masked file; the full-ID file only comes from a POST that carries the
    /// page's antiforgery token (the 导出完整身份证号 form), so another site cannot make a signed-in admin download
    /// it, nor write an audit entry in their name (decision 019). A GET that asks for <c>full=true</c> is refused
    /// with 400 before anything is read or logged.
    /// </summary>
    private static void MapExport(RouteGroupBuilder group, string pattern, Func<HttpContext, ExcelExportService, bool, Task<IResult>> export)
    {
        group.MapGet(pattern, (HttpContext http, ExcelExportService exports) =>
            AsksForFull(http) ? Task.FromResult(Results.BadRequest(FullByGetRefused)) : export(http, exports, false));
        group.MapPost(pattern, async (HttpContext http, ExcelExportService exports, IAntiforgery antiforgery) =>
            await antiforgery.IsRequestValidAsync(http) ? await export(http, exports, true) : Results.BadRequest());
    }

    private static bool AsksForFull(HttpContext http) =>
        http.Request.Query.TryGetValue("full", out var value) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the file straight into the response body, named with a UTF-8 <c>filename*</c>.</summary>
    private static async Task<IResult> StreamAsync(HttpContext http, string fileName, Func<CurrentUser, Stream, CancellationToken, Task> write)
    {
        var user = CurrentUser.From(http.User);
        if (user is null) return Results.Unauthorized();
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        http.Response.ContentType = ContentType;
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "no-store";
        // SpreadCheetah writes the rows asynchronously, but closing the zip writes its small central directory
        // synchronously; Kestrel refuses synchronous writes unless this request allows them.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } body) body.AllowSynchronousIO = true;
        await write(user, http.Response.Body, http.RequestAborted);
        return Results.Empty;
    }
}
