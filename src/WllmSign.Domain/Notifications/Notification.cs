using WllmSign.Domain.Common;

namespace WllmSign.Domain.Notifications;

public enum RecipientKind { Employer = 0, Student = 1, School = 2 }

/// <summary>An entry of the in-app inbox (the bell) of an employer, a student or a school's admins.</summary>
public sealed class Notification
{
    public int Id { get; private set; }
    public RecipientKind RecipientKind { get; private set; }
    public int RecipientId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>A portal-relative link to the record, e.g. /student/invitations/12.</summary>
    public string? Link { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    private Notification() { }

    public Notification(RecipientKind kind, int recipientId, string title, string body, string? link, DateTimeOffset now)
    {
        RecipientKind = kind;
        RecipientId = recipientId;
        Title = Text.Required(title, "标题", 100);
        Body = Text.Required(body, "内容", 2000);
        Link = link;
        CreatedAt = now;
    }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>
/// An email waiting to be delivered (outbox): written in the same transaction as the change it reports,
/// delivered and retried by a background sender, so a failed SMTP send never rolls the change back.
/// </summary>
public sealed class OutboxEmail
{
    public int Id { get; private set; }
    public string ToAddress { get; private set; } = "";
    public string ToName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }

    public const int MaxAttempts = 8;

    private OutboxEmail() { }

    public OutboxEmail(string toAddress, string toName, string subject, string htmlBody, DateTimeOffset now)
    {
        ToAddress = toAddress;
        ToName = toName;
        Subject = subject;
        HtmlBody = htmlBody;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    /// <summary>Backs off exponentially: 1, 2, 4 … minutes, at most <see cref="MaxAttempts"/> tries.</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        NextAttemptAt = now.AddMinutes(Math.Pow(2, Attempts - 1));
    }

    public bool GaveUp => SentAt is null && Attempts >= MaxAttempts;
}
