// The raw baseline of 协议书查验 for benchmarks/verify-wrk.sh (issue #27): a minimal ASP.NET Core app that answers
// GET /verify?no=…&code=… with the same indexed lookup as the portal (the unique index on Signings.AgreementNumber,
// three primary-key joins) on the same generated SQLite file, with plain ADO.NET (Microsoft.Data.Sqlite, pooled
// connections), compares the 校验码 and writes an HTML page padded to the portal's page size. Nothing else: no rate
// limit, no security headers, no masking. What the portal spends beyond this is what is ours.
//   dotnet WllmSign.VerifyBaseline.dll --db PATH --page-bytes N --urls http://127.0.0.1:PORT
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var db = builder.Configuration["db"] ?? throw new InvalidOperationException("--db PATH is required");
var pageBytes = int.Parse(builder.Configuration["page-bytes"] ?? "2500", CultureInfo.InvariantCulture);
var connectionString = new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();

const string Sql = """
    SELECT s."Status", s."VerificationCode", sc."Name", e."Name", st."Name"
    FROM "Signings" AS s
    INNER JOIN "Students" AS st ON s."StudentId" = st."Id"
    INNER JOIN "Employers" AS e ON s."EmployerId" = e."Id"
    INNER JOIN "Schools" AS sc ON s."SchoolId" = sc."Id"
    WHERE s."AgreementNumber" = $no
    LIMIT 2
    """;

var app = builder.Build();
app.MapGet("/verify", async (HttpContext http) =>
{
    var no = http.Request.Query["no"].ToString();
    var code = http.Request.Query["code"].ToString().Trim().ToUpperInvariant();
    string verdict = "不存在", names = "";
    await using (var connection = new SqliteConnection(connectionString))
    {
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.Parameters.AddWithValue("$no", no);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync() && !reader.IsDBNull(1) && reader.GetString(1) == code)
        {
            verdict = reader.GetInt32(0) == 9 ? "已失效" : "有效";
            names = $"<tr><th>毕业院校</th><td>{WebUtility.HtmlEncode(reader.GetString(2))}</td></tr>" +
                    $"<tr><th>签约单位</th><td>{WebUtility.HtmlEncode(reader.GetString(3))}</td></tr>" +
                    $"<tr><th>学生姓名</th><td>{WebUtility.HtmlEncode(reader.GetString(4)[..1])}*</td></tr>";
        }
    }
    var html = new StringBuilder(pageBytes + 64)
        .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\" /><title>协议书查验</title></head><body>")
        .Append("<div data-status=\"").Append(verdict == "不存在" ? "NotFound" : verdict == "有效" ? "Valid" : "Void").Append("\">")
        .Append(verdict).Append("</div><table>").Append(names).Append("</table>");
    var size = Encoding.UTF8.GetByteCount(html.ToString()) + "</body></html>".Length;
    // Padding to the portal's page size (the bytes on the wire are part of the work).
    if (size + 7 < pageBytes) html.Append("<!--").Append('x', pageBytes - size - 7).Append("-->");
    html.Append("</body></html>");
    http.Response.ContentType = "text/html; charset=utf-8";
    await http.Response.WriteAsync(html.ToString());
});
app.Run();
