namespace WllmSign.Portal.Features.Signings;

/// <summary>Everything the 详情 page shows (manual chapter 5): 就业信息, 协议书信息 (甲方 / 乙方), 流程追踪.</summary>
public sealed record SigningDetail(
    int Id,
    SigningStatus Status,
    string ResponseText,
    string VerificationText,
    string AgreementStatusText,
    string? AgreementNumber,
    string? VerificationCode,
    DateTimeOffset InvitedAt,
    DateTimeOffset? SignedAt,
    DateOnly LastDayToRespond,
    Offer Offer,
    Employer Employer,
    Student Student,
    string SchoolName,
    string SchoolCode,
    string? TerminationRequestedBy,
    string? TerminationReason,
    string? TerminationAnswerReason,
    IReadOnlyList<ProcessTrailEntry> Trail);

/// <summary>
/// Reads one signing for the signed-in user: the employer that sent it, the student it was sent to, or
/// an admin of the student's school. Anyone else gets null, which pages turn into a 404.
/// </summary>
public sealed class SigningDetailService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<SigningDetail?> GetAsync(CurrentUser user, int signingId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var signing = await db.Signings.AsNoTracking().Include("_trail").Where(s => s.Id == signingId).VisibleTo(user).SingleOrDefaultAsync();
        if (signing is null) return null;

        var employer = await db.Employers.AsNoTracking().SingleAsync(e => e.Id == signing.EmployerId);
        var student = await db.Students.AsNoTracking().SingleAsync(s => s.Id == signing.StudentId);
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == signing.SchoolId).Select(s => new { s.Name, s.Code }).SingleAsync();
        var now = clock.GetUtcNow();
        return new SigningDetail(
            signing.Id,
            signing.EffectiveStatus(now),
            SigningStatusText.ResponseText(signing, now),
            SigningStatusText.VerificationText(signing, now),
            SigningStatusText.AgreementText(signing.EffectiveStatus(now)),
            signing.AgreementNumber,
            signing.VerificationCode,
            signing.InvitedAt,
            signing.VerifiedAt is not null && signing.AgreementNumber is not null ? signing.VerifiedAt : null,
            signing.LastDayToRespond,
            signing.Offer,
            employer,
            student,
            school.Name,
            school.Code,
            signing.TerminationRequestedBy switch { TerminationParty.Employer => "单位", TerminationParty.Student => "学生", _ => null },
            signing.TerminationReason,
            signing.TerminationAnswerReason,
            // 流程追踪 as the manual shows it: the newest entry first (entries of one instant keep their order, reversed).
            signing.Trail.OrderBy(t => t.At).Reverse().ToList());
    }
}

/// <summary>Who may see a signing: the employer that sent it, the student it was sent to, an admin of the student's school.</summary>
public static class SigningAccess
{
    /// <summary>The signings of <paramref name="query"/> that <paramref name="user"/> may see; none for any other role.</summary>
    public static IQueryable<Signing> VisibleTo(this IQueryable<Signing> query, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role switch
        {
            Roles.Employer => query.Where(s => s.EmployerId == user.EmployerId),
            Roles.Student => query.Where(s => s.StudentId == user.StudentId),
            Roles.SchoolAdmin => query.Where(s => s.SchoolId == user.SchoolId),
            _ => query.Where(_ => false),
        };
    }
}
