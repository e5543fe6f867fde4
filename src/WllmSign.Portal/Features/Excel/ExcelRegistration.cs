using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace WllmSign.Portal.Features.Excel;

/// <summary>The services and download endpoints of #8 Excel import and export.</summary>
public static class ExcelRegistration
{
    private const string Prefix = "/excel";

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
        var excel = app.MapGroup(Prefix).RequireAuthorization();
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

        // The exports of the lists: each list's own export (next to the list), with the filter the list applied.
        MapExport<Invitations.SendListExport>(employer, ExcelLinks.SendListPath, (http, export, full) =>
        {
            var (schoolId, year) = Invitations.SendListExport.FromQuery(http.Request.Query);
            return StreamAsync(http, export.FileName(full), (user, body, ct) => export.WriteAsync(user, schoolId, year, full, body, ct));
        });
        MapExport<DataCenter.SigningListExport>(employer, ExcelLinks.SigningListPath, (http, export, full) =>
        {
            var tab = DataCenter.SigningListTab.FromQuery(http.Request.Query);
            var filter = DataCenter.SigningListFilter.FromQuery(http.Request.Query);
            return StreamAsync(http, export.FileName(tab, full), (user, body, ct) => export.WriteAsync(user, tab, filter, full, body, ct));
        });
        MapExport<SchoolAdmin.Roster.RosterExport>(school, ExcelLinks.RosterPath, (http, export, full) =>
        {
            var filter = SchoolAdmin.Roster.RosterFilter.FromQuery(http.Request.Query);
            return StreamAsync(http, export.FileName(filter, full), (user, body, ct) => export.WriteAsync(user, filter, full, body, ct));
        });
        MapExport<SchoolAdmin.Data.SchoolDataExport>(school, ExcelLinks.SchoolSigningsPath, (http, export, full) =>
        {
            var filter = SchoolAdmin.Data.SchoolDataFilter.FromQuery(http.Request.Query);
            return StreamAsync(http, export.FileName(full), (user, body, ct) => export.WriteAsync(user, filter, full, body, ct));
        });
        MapExport<ExcelExportService>(school, ExcelLinks.PlacementPath, (http, exports, full) =>
        {
            var year = ListQuery.ParseInt(http.Request.Query["year"]);
            return StreamAsync(http, exports.PlacementFileName(year, full), (user, body, ct) => exports.WritePlacementAsync(user, year, full, body, ct));
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
    private static void MapExport<TExport>(RouteGroupBuilder group, string path, Func<HttpContext, TExport, bool, Task<IResult>> export)
        where TExport : notnull
    {
        // The group is "/excel"; the links (ExcelLinks) are the whole address.
        var pattern = path.StartsWith(Prefix + "/", StringComparison.Ordinal) ? path[Prefix.Length..] : throw new ArgumentException(path, nameof(path));
        group.MapGet(pattern, (HttpContext http, TExport exports) =>
            AsksForFull(http) ? Task.FromResult(Results.BadRequest(FullByGetRefused)) : export(http, exports, false));
        group.MapPost(pattern, async (HttpContext http, TExport exports, IAntiforgery antiforgery) =>
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
