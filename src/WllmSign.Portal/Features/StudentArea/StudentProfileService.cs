namespace WllmSign.Portal.Features.StudentArea;

/// <summary>The 乙方 fields: the roster's (read-only) and the student's own contact details.</summary>
public sealed record ProfileView(string Name, string IdNumber, string Gender, string School, int GraduationYear,
    string Faculty, string Major, string Degree, string StudentNumber, ProfileInput Contact);

/// <summary>The fields the student edits; <see cref="Domain.Students.Student.SetContact"/> validates them.</summary>
public sealed class ProfileInput
{
    public string? PoliticalStatus { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
}

/// <summary>个人信息: the signed-in student's own record only.</summary>
public sealed class StudentProfileService(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>政治面貌 choices.</summary>
    public static readonly IReadOnlyList<string> PoliticalStatuses = ["中共党员", "中共预备党员", "共青团员", "群众", "其他"];

    public async Task<ProfileView> GetAsync(CurrentUser user)
    {
        var studentId = user.RequireStudent();
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await (from st in db.Students.AsNoTracking()
                         join sc in db.Schools on st.SchoolId equals sc.Id
                         where st.Id == studentId
                         select new { s = st, School = sc.Name }).SingleAsync();
        var s = row.s;
        return new ProfileView(s.Name, s.IdNumber, s.Gender, row.School, s.GraduationYear, s.Faculty, s.Major, s.Degree,
            s.StudentNumber, new ProfileInput { PoliticalStatus = s.PoliticalStatus, Email = s.Email, Address = s.Address, Phone = s.Phone });
    }

    /// <summary>Saves the contact fields; a bad value throws a DomainException and changes nothing.</summary>
    public async Task SaveAsync(CurrentUser user, ProfileInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var studentId = user.RequireStudent();
        if (input.PoliticalStatus is { Length: > 0 } p && !PoliticalStatuses.Contains(p))
            throw new Domain.Common.DomainException("请选择政治面貌");
        await using var db = await dbFactory.CreateDbContextAsync();
        var student = await db.Students.SingleAsync(s => s.Id == studentId);
        student.SetContact(input.PoliticalStatus, input.Phone, input.Email, input.Address);
        await db.SaveChangesAsync();
    }
}
