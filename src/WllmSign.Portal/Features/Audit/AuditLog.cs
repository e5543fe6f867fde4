using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WllmSign.Portal.Features.Audit;

/// <summary>Who did it, as the audit log records it.</summary>
public sealed record AuditActor(string? UserId, string Name, string? Role, int? SchoolId)
{
    public static AuditActor Of(CurrentUser user) => new(user.UserId, user.DisplayName, user.Role, user.SchoolId);
}

/// <summary>One row of 操作日志.</summary>
public sealed record AuditRow(DateTimeOffset At, string UserName, string RoleName, string Action, string Target, string? ClientIp);

/// <summary>
/// The audit log: sign-ins, verifications, terminations, downloads and full-ID exports. <see cref="Add"/> puts an
/// entry into the caller's unit of work (saved with the change, so the change and its record stand or fall
/// together); <see cref="WriteAsync"/> saves one on its own. The client address is the current request's.
/// </summary>
public interface IAuditLog
{
    void Add(AppDbContext db, AuditActor who, string action, string target, int? schoolId, int? signingId = null);
    Task WriteAsync(AuditActor who, string action, string target, int? schoolId, int? signingId = null);
    /// <summary>School admin: the entries about their school's records; alliance admin: all. Newest first.</summary>
    Task<Page<AuditRow>> ListAsync(CurrentUser user, AuditFilter filter, PageRequest page, CancellationToken ct = default);
}

public sealed record AuditFilter(string? Action = null, string? Who = null);

public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IHttpContextAccessor http) : IAuditLog
{
    public void Add(AppDbContext db, AuditActor who, string action, string target, int? schoolId, int? signingId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(who);
        db.Set<AuditEntry>().Add(AuditEntry.Create(clock.GetUtcNow(), who.UserId, who.Name, who.Role, action, target, schoolId, signingId, ClientIp()));
    }

    public async Task WriteAsync(AuditActor who, string action, string target, int? schoolId, int? signingId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // A record's entry belongs to the record's school (a download by its employer shows in that school's log).
        if (schoolId is null && signingId is { } id)
            schoolId = await db.Signings.Where(s => s.Id == id).Select(s => (int?)s.SchoolId).SingleOrDefaultAsync();
        Add(db, who, action, target, schoolId, signingId);
        await db.SaveChangesAsync();
    }

    public async Task<Page<AuditRow>> ListAsync(CurrentUser user, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (user.Role == Roles.SchoolAdmin)
        {
            var schoolId = user.RequireSchool();
            query = query.Where(e => e.SchoolId == schoolId);
        }
        else if (user.Role != Roles.AllianceAdmin)
        {
            throw new UnauthorizedAccessException();
        }
        if (ListQuery.Clean(filter.Action) is { } action) query = query.Where(e => e.Action == action);
        if (ListQuery.Clean(filter.Who) is { } who) query = query.Where(e => e.UserName.Contains(who));

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(page.Skip).Take(page.Take)
            .Select(e => new { e.At, e.UserName, e.Role, e.Action, e.Target, e.ClientIp }).ToListAsync(ct);
        return new Page<AuditRow>(rows.Select(r => new AuditRow(r.At, r.UserName,
            string.IsNullOrEmpty(r.Role) ? "—" : Roles.ChineseName(r.Role), r.Action, r.Target, r.ClientIp)).ToList(), total);
    }

    /// <summary>The address of the request in flight (a form post, a download, or a circuit's connection); null outside one.</summary>
    private string? ClientIp()
    {
        var address = http.HttpContext?.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }

    /// <summary>A signing described for the log: "签约 #12 张三（上海萃思软件有限公司）".</summary>
    public static string SigningTarget(int signingId, string? studentName, string? employerName) =>
        string.Create(CultureInfo.InvariantCulture, $"签约 #{signingId} {studentName}（{employerName}）");
}

/// <summary>The table of the audit log: newest first, filtered by school.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(x => x.UserId).HasMaxLength(450);
        builder.Property(x => x.UserName).HasMaxLength(AuditEntry.NameLength);
        builder.Property(x => x.Role).HasMaxLength(20);
        builder.Property(x => x.Action).HasMaxLength(40);
        builder.Property(x => x.Target).HasMaxLength(AuditEntry.TargetLength);
        builder.Property(x => x.ClientIp).HasMaxLength(64);
        builder.HasIndex(x => x.At);
        builder.HasIndex(x => new { x.SchoolId, x.At });
    }
}
