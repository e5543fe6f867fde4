using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>
/// The whole HTML document of 协议书查验: the sign-in pages' look (their header, card and footer, as
/// <c>AccountLayout.razor</c> draws them), the number form, the verdict, the file form and the CA link. Static (no
/// Blazor script; both forms are plain), written straight into a string (decision 030: the Razor
/// <c>HtmlRenderer</c> cost more than the check itself). Every value from the request or the database is
/// HTML-encoded (Chinese stays readable, markup characters do not).
/// </summary>
public static class VerifyHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // Mirrors App.razor's head (without the Blazor script) and AccountLayout.razor (checked by a test).
    private const string Top = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <base href="/" />
            <link rel="stylesheet" href="app.css" />
            <link rel="stylesheet" href="WllmSign.Portal.styles.css" />
            <link rel="icon" type="image/png" href="favicon.png" />
            <title>协议书查验 - 签约上报系统</title>
        </head>
        <body>
        <header class="acct-bar">
            <span class="acct-brand">湖北高校就业网络联盟 签约上报系统</span>
            <a class="acct-bar-link" href="verify" data-testid="verify-link">协议书查验</a>
        </header>
        <main class="acct-main">
            <div class="acct-card">
        <h1>协议书查验</h1>
        <p class="acct-hint">输入协议书上的协议书编号和校验码，或用手机扫描协议书上的二维码，查验协议书是否真实有效。</p>

        <form method="get" action="/verify" data-testid="verify-form">
            <div class="acct-field">
                <label for="no">协议书编号</label>
                <input id="no" name="no" value="
        """;

    private const string BetweenInputs = """
        " maxlength="15" inputmode="numeric" autocomplete="off" placeholder="15位数字，如 105002027000001" />
            </div>
            <div class="acct-field">
                <label for="code">校验码</label>
                <input id="code" name="code" value="
        """;

    private const string AfterInputs = """
        " maxlength="8" autocomplete="off" placeholder="8位字母或数字" />
            </div>
            <button type="submit" class="acct-button" id="verify-submit">查验</button>
        </form>

        """;

    private const string FileForm = """

        <form method="post" action="/verify" enctype="multipart/form-data" data-testid="verify-file-form">
            <div class="acct-field">
                <label for="file">协议书PDF文件</label>
                <input id="file" name="file" type="file" accept="application/pdf,.pdf" required />
            </div>
            <button type="submit" class="acct-button" id="verify-file-submit">查验文件</button>
        </form>

        """;

    private const string Bottom = """

        <p class="acct-links"><a href="Account/Login">返回登录</a></p>
            </div>
        </main>
        <footer class="acct-foot">湖北高校就业网络联盟 · 网上签约上报系统</footer>
        </body>
        </html>
        """;

    /// <summary>The page: the number form (filled with <paramref name="no"/> and <paramref name="code"/>), the
    /// number check's <paramref name="result"/>, the file form and the file check's <paramref name="fileResult"/>.</summary>
    public static string Page(string? no, string? code, AgreementCheckResult? result, AgreementCheckResult? fileResult,
        int maxUploadBytes, bool caCertificate)
    {
        var html = new StringBuilder(4096);
        html.Append(Top);
        Encode(html, no);
        html.Append(BetweenInputs);
        Encode(html, code);
        html.Append(AfterInputs);
        if (result is not null) Result(html, result);
        html.Append("\n<h2 class=\"verify-file-heading\">查验协议书文件</h2>\n<p class=\"acct-hint\">上传从本系统下载的协议书PDF文件（不超过 ")
            .Append((maxUploadBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture))
            .Append(" MB），查验文件的数字签名：是否本系统签发、签发后是否被修改、是否仍然有效。</p>\n");
        html.Append(FileForm);
        if (fileResult is not null) Result(html, fileResult);
        if (caCertificate)
            html.Append("\n<p class=\"acct-hint\" data-testid=\"verify-ca\">不联网查验：下载<a href=\"").Append(VerifyEndpoint.CaCertificatePath)
                .Append("\" download>联盟根证书</a>，在 PDF 阅读器（如 Adobe Acrobat Reader）中将其设为受信任的证书后，打开协议书即可看到签名是否有效。</p>\n");
        html.Append(Bottom);
        return html.ToString();
    }

    /// <summary>The verdict and, for an existing agreement, the school, the employer and the masked student name;
    /// a message alone for a refusal (malformed input, 查询过于频繁).</summary>
    private static void Result(StringBuilder html, AgreementCheckResult result)
    {
        if (result.Verdict.Length == 0)
        {
            html.Append("<p class=\"acct-alert acct-alert-error\" role=\"alert\" data-testid=\"verify-message\">");
            Encode(html, result.Message);
            html.Append("</p>\n");
            return;
        }
        var css = result.Status switch
        {
            AgreementCheckStatus.Valid => "verify-valid",
            AgreementCheckStatus.Void or AgreementCheckStatus.Modified or AgreementCheckStatus.Foreign => "verify-void",
            _ => "verify-missing",
        };
        html.Append("<div class=\"verify-result ").Append(css).Append("\" role=\"status\" data-testid=\"verify-result\" data-status=\"")
            .Append(result.Status.ToString()).Append("\">\n    <div class=\"verify-verdict\" data-testid=\"verify-verdict\">")
            .Append(result.Verdict).Append("</div>\n    <div class=\"verify-message\">");
        Encode(html, result.Message);
        html.Append("</div>\n");
        if (result.SchoolName is not null)
        {
            html.Append("    <table class=\"verify-table\">\n        <tr><th>协议书编号</th><td>");
            Encode(html, result.AgreementNumber);
            html.Append("</td></tr>\n        <tr><th>毕业院校</th><td data-testid=\"verify-school\">");
            Encode(html, result.SchoolName);
            html.Append("</td></tr>\n        <tr><th>签约单位</th><td data-testid=\"verify-employer\">");
            Encode(html, result.EmployerName);
            html.Append("</td></tr>\n        <tr><th>学生姓名</th><td data-testid=\"verify-student\">");
            Encode(html, result.StudentName);
            html.Append("</td></tr>\n    </table>\n");
        }
        html.Append("</div>\n");
    }

    private static void Encode(StringBuilder html, string? value)
    {
        if (!string.IsNullOrEmpty(value)) html.Append(Encoder.Encode(value));
    }
}
