namespace WllmSign.Portal.Features.Inbox;

public sealed record InboxItem(int Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool IsRead);

/// <summary>The in-app inbox (the bell): the signed-in user's notifications, newest first, with read/unread.</summary>
public sealed class InboxService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static (RecipientKind Kind, int Id)? Recipient(CurrentUser user) => user.Role switch
    {
        Roles.Employer when user.EmployerId is { } e => (RecipientKind.Employer, e),
        Roles.Student when user.StudentId is { } s => (RecipientKind.Student, s),
        Roles.SchoolAdmin when user.SchoolId is { } sc => (RecipientKind.School, sc),
        _ => null,
    };

    public async Task<IReadOnlyList<InboxItem>> LatestAsync(CurrentUser user, int take = 20)
    {
        if (Recipient(user) is not { } r) return [];
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientKind == r.Kind && n.RecipientId == r.Id)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take)
            .Select(n => new InboxItem(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync();
    }

    /// <summary>Marks one of the user's notifications read; someone else's id changes nothing.</summary>
    public async Task MarkReadAsync(CurrentUser user, int notificationId)
    {
        if (Recipient(user) is not { } r) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == notificationId && x.RecipientKind == r.Kind && x.RecipientId == r.Id);
        if (n is null) return;
        n.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async Task MarkAllReadAsync(CurrentUser user)
    {
        if (Recipient(user) is not { } r) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        var unread = await db.Notifications.Where(x => x.RecipientKind == r.Kind && x.RecipientId == r.Id && x.ReadAt == null).ToListAsync();
        foreach (var n in unread) n.MarkRead(now);
        await db.SaveChangesAsync();
    }
}
