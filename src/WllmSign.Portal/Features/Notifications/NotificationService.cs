using System.Net;

namespace WllmSign.Portal.Features.Notifications;

/// <summary>
/// Adds an inbox entry and, when there is an address, an outbox email to the caller's unit of work, so
/// they are saved in the same transaction as the change they report. The outbox sender delivers later.
/// </summary>
public static class Notify
{
    public static void Add(AppDbContext db, RecipientKind kind, int recipientId, string? email, string name,
        string title, string body, string? link, DateTimeOffset now)
    {
        db.Notifications.Add(new Notification(kind, recipientId, title, body, link, now));
        if (!string.IsNullOrWhiteSpace(email))
        {
            var html = $"<p>{WebUtility.HtmlEncode(name)}，你好：</p><p>{WebUtility.HtmlEncode(body).Replace("\n", "<br/>", StringComparison.Ordinal)}</p>"
                       + "<p>请登录湖北高校就业网络联盟签约上报系统查看并办理。</p>";
            db.Outbox.Add(new OutboxEmail(email.Trim(), name, title + " - 湖北高校就业网络联盟签约上报系统", html, now));
        }
    }
}
