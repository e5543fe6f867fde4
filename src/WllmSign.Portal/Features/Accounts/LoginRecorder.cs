namespace WllmSign.Portal.Features.Accounts;

/// <summary>Records the time and client address of each successful sign-in (上次登录时间 / 上次登录IP).</summary>
public sealed class LoginRecorder(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task RecordAsync(string userId, string? ip)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId);
        if (user is null) return;
        user.RecordLogin(clock.GetUtcNow(), ip);
        await db.SaveChangesAsync();
    }
}
