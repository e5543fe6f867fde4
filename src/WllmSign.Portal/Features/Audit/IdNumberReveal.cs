namespace WllmSign.Portal.Features.Audit;

/// <summary>
/// 显示完整身份证号 on a signing's 详情: pages show the masked number; the full one is fetched here, for a viewer entitled
/// to the signing (its employer, its student, an admin of its school: the same scoping as the detail), and the reveal
/// is an audit entry (查看完整身份证号) for everyone but the student themself.
/// </summary>
public sealed class IdNumberReveal(IDbContextFactory<AppDbContext> dbFactory, IAuditLog audit)
{
    /// <summary>The full ID number of the signing's student, or null when the signing is not the user's to see.</summary>
    public async Task<string?> SigningStudentAsync(CurrentUser user, int signingId)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var signings = db.Signings.AsNoTracking().Where(s => s.Id == signingId).VisibleTo(user);
        var row = await (from s in signings
                         join st in db.Students on s.StudentId equals st.Id
                         join e in db.Employers on s.EmployerId equals e.Id
                         select new { s.Id, s.SchoolId, st.IdNumber, st.Name, Employer = e.Name }).SingleOrDefaultAsync();
        if (row is null) return null;
        if (user.Role != Roles.Student)
        {
            audit.Add(db, AuditActor.Of(user), AuditActions.FullIdViewed, AuditLog.SigningTarget(row.Id, row.Name, row.Employer), row.SchoolId, row.Id);
            await db.SaveChangesAsync();
        }
        return row.IdNumber;
    }
}
