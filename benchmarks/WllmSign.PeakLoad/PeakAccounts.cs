using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;

namespace WllmSign.PeakLoad;

public enum PeakRole { Student, Employer, SchoolAdmin }

/// <summary>One user of the run: their account and what they act on.</summary>
public sealed record PeakUser(PeakRole Role, string Email, int EntityId, int SchoolId)
{
    /// <summary>For a student: the invitations (signing ids) they can answer, and the employer of each.</summary>
    public List<(int SigningId, int EmployerId)> Invitations { get; } = [];
}

/// <summary>
/// The accounts of the run in the DataGen database (the generator makes none): students with open invitations (待应约,
/// deadline ahead, no active agreement), the employers that invited them (most open invitations first), and school
/// administrators of their schools, so that a student's answer changes the live counts of an employer and a school
/// that are online. Made through the portal's EF model and Identity's password hasher, like Excel.Benchmarks'
/// bench account; every account gets the same hash of <see cref="Password"/> (one PBKDF2 here instead of thousands:
/// the hash is what Identity writes for that password, and each sign-in still verifies it in full).
/// </summary>
public static class PeakAccounts
{
    public const string Password = "Wllm2026!peak";

    /// <param name="database">A SQLite file path, or with <paramref name="postgres"/> an Npgsql connection string.</param>
    public static async Task<IReadOnlyList<PeakUser>> EnsureAsync(string database, int students, int employers, int schoolAdmins, bool postgres = false)
    {
        var services = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();
        await using AppDbContext db = postgres
            ? new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database).UseApplicationServiceProvider(services).Options)
            : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(database), Pooling = false }.ToString())
                .UseApplicationServiceProvider(services).Options);
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        // SQLite stores instants as UTC ticks, PostgreSQL as timestamptz (AppDbContext.ConfigureConventions).
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1);
        var now = postgres ? $"'{inAnHour:yyyy-MM-dd HH:mm:ss}+00'::timestamptz" : inAnHour.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Employers with the most open invitations whose students can still answer.
        var employerIds = await ListAsync(conn, $"""
            SELECT s."EmployerId" FROM "Signings" s
            WHERE s."Status" = 0 AND s."Deadline" > {now}
              AND NOT EXISTS (SELECT 1 FROM "Signings" a WHERE a."StudentId" = s."StudentId" AND a."Status" IN (4, 6, 7, 8))
            GROUP BY s."EmployerId" ORDER BY COUNT(*) DESC, s."EmployerId" LIMIT {employers}
            """, r => r.GetInt32(0));
        var employerSet = employerIds.ToHashSet();

        // Their invitees, round-robin over the employers (each employer gets students), each with all their open invitations.
        var invitations = await ListAsync(conn, $"""
            SELECT s."StudentId", s."Id", s."EmployerId", s."SchoolId" FROM "Signings" s
            WHERE s."Status" = 0 AND s."Deadline" > {now} AND s."EmployerId" IN ({string.Join(',', employerIds.DefaultIfEmpty(0))})
              AND NOT EXISTS (SELECT 1 FROM "Signings" a WHERE a."StudentId" = s."StudentId" AND a."Status" IN (4, 6, 7, 8))
            ORDER BY s."EmployerId", s."StudentId", s."Id"
            """, r => (Student: r.GetInt32(0), Signing: r.GetInt32(1), Employer: r.GetInt32(2), School: r.GetInt32(3)));
        var byEmployer = invitations.GroupBy(i => i.Employer).Select(g => new Queue<int>(g.Select(i => i.Student).Distinct())).ToList();
        var chosen = new List<int>();
        var seen = new HashSet<int>();
        while (chosen.Count < students && byEmployer.Any(q => q.Count > 0))
            foreach (var q in byEmployer)
            {
                while (q.Count > 0 && !seen.Add(q.Peek())) q.Dequeue();
                if (q.Count > 0 && chosen.Count < students) chosen.Add(q.Dequeue());
            }
        var studentUsers = chosen.Select(id =>
        {
            var mine = invitations.Where(i => i.Student == id).ToList();
            var user = new PeakUser(PeakRole.Student, $"peak-s{id}@wllm.test", id, mine[0].School);
            user.Invitations.AddRange(mine.Where(i => employerSet.Contains(i.Employer)).Select(i => (i.Signing, i.Employer)));
            return user;
        }).ToList();

        // School admins: the schools of these students, most students first, spread evenly.
        var schools = studentUsers.GroupBy(u => u.SchoolId).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        var adminUsers = Enumerable.Range(0, schools.Count == 0 ? 0 : schoolAdmins)
            .Select(i => new PeakUser(PeakRole.SchoolAdmin, $"peak-a{schools[i % schools.Count]}-{i / schools.Count}@wllm.test",
                schools[i % schools.Count], schools[i % schools.Count]))
            .ToList();
        var employerUsers = employerIds.Select(id => new PeakUser(PeakRole.Employer, $"peak-e{id}@wllm.test", id, 0)).ToList();

        var all = studentUsers.Concat(employerUsers).Concat(adminUsers).ToList();
        await CreateMissingAsync(db, all);
        return all;
    }

    /// <summary>
    /// Invitations past their deadline still marked 待应约 (Invited): the portal's expiry job expires them one by one
    /// after its start. A DataGen copy holds thousands (its deadlines passed since it was made); the run waits for them,
    /// or their expiry (and the live counts it fans out) would be measured as the users' interactions.
    /// </summary>
    public static async Task<int> DueToExpireAsync(string database, bool postgres)
    {
        if (postgres)
        {
            await using var pg = new Npgsql.NpgsqlConnection(database);
            await pg.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("""SELECT COUNT(*) FROM "Signings" WHERE "Status" = 0 AND "Deadline" <= now()""", pg);
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(database), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await c.OpenAsync();
        await using var q = c.CreateCommand();
        // SQLite stores instants as UTC ticks (AppDbContext.ConfigureConventions).
        q.CommandText = """SELECT COUNT(*) FROM "Signings" WHERE "Status" = 0 AND "Deadline" <= $now""";
        q.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.UtcTicks);
        return Convert.ToInt32(await q.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task CreateMissingAsync(AppDbContext db, List<PeakUser> users)
    {
        var existing = (await db.Users.Where(u => u.Email!.StartsWith("peak-")).Select(u => u.NormalizedEmail!).ToListAsync()).ToHashSet();
        var roles = new Dictionary<string, IdentityRole>();
        foreach (var name in Roles.All)
        {
            var role = await db.Roles.SingleOrDefaultAsync(r => r.NormalizedName == name.ToUpperInvariant());
            if (role is null) db.Roles.Add(role = new IdentityRole(name) { NormalizedName = name.ToUpperInvariant() });
            roles[name] = role;
        }
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Password);
        var employerIds = users.Where(u => u.Role == PeakRole.Employer).Select(u => u.EntityId).ToList();
        var names = await db.Employers.Where(e => employerIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.Name);
        var made = 0;
        foreach (var u in users)
        {
            var normalized = u.Email.ToUpperInvariant();
            if (existing.Contains(normalized)) continue;
            var user = new ApplicationUser
            {
                UserName = u.Email, NormalizedUserName = normalized, Email = u.Email, NormalizedEmail = normalized, EmailConfirmed = true,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), PasswordHash = hash,
            };
            string role;
            switch (u.Role)
            {
                case PeakRole.Student: user.StudentId = u.EntityId; user.DisplayName = "学生" + u.EntityId; role = Roles.Student; break;
                case PeakRole.Employer: user.EmployerId = u.EntityId; user.DisplayName = names.GetValueOrDefault(u.EntityId, "单位"); role = Roles.Employer; break;
                default: user.SchoolId = u.EntityId; user.DisplayName = "鉴证员"; role = Roles.SchoolAdmin; break;
            }
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role].Id });
            made++;
        }
        await db.SaveChangesAsync();
        Console.WriteLine($"accounts: {users.Count} in the run ({made} made now, password {Password})");
    }

    private static async Task<List<T>> ListAsync<T>(DbConnection conn, string sql, Func<DbDataReader, T> read)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await r.ReadAsync()) list.Add(read(r));
        return list;
    }
}
