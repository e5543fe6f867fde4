namespace WllmSign.Portal.Features.Signings;

/// <summary>
/// The database facts the signing rules need, read in batches, and the save that turns a lost race into
/// the loser's Chinese message. Feature services use these; the rules themselves stay in the domain.
/// </summary>
public static class SigningStore
{
    public const string ConflictMessage = "该记录已被他人处理，请刷新后重试";

    /// <summary>A signing with its process trail, tracked, or null.</summary>
    public static Task<Signing?> LoadAsync(AppDbContext db, int signingId) =>
        db.Signings.Include("_trail").SingleOrDefaultAsync(s => s.Id == signingId);

    /// <summary>
    /// Saves; when another user changed the same record first (concurrency token) or took the same unique
    /// value (agreement number), throws <see cref="DomainException"/> with <see cref="ConflictMessage"/>.
    /// </summary>
    public static async Task SaveOrConflictAsync(this AppDbContext db, CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(ConflictMessage);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The one-active-agreement index (rule 6) means another agreement; anything else is a lost race.
            // SQLite (error 19) names the student column, PostgreSQL (23505) the index.
            throw new DomainException(DbErrors.Violates(ex, "IX_Signings_OneActiveAgreementPerStudent", "Signings", "StudentId")
                ? Signing.OtherActiveAgreementMessage
                : ConflictMessage);
        }
    }

    /// <summary>Whether the student holds an active agreement other than <paramref name="exceptSigningId"/> (rule 6).</summary>
    public static Task<bool> HasOtherActiveAgreementAsync(AppDbContext db, int studentId, int exceptSigningId) =>
        db.Signings.Where(SigningStatuses.ActiveAgreementOf(studentId)).AnyAsync(s => s.Id != exceptSigningId);

    /// <summary>
    /// The facts of rules 1, 3, 6 and 13 for one employer and many students, in four queries whatever the
    /// number of students. Students not on the given school's roster get StudentBelongsToSchool = false.
    /// </summary>
    public static async Task<Dictionary<int, InvitationFacts>> InvitationFactsAsync(
        AppDbContext db, int employerId, IReadOnlyCollection<int> studentIds, DateTimeOffset now)
    {
        var ids = studentIds.Distinct().ToList();
        var confirmed = await db.Employers.Where(e => e.Id == employerId).Select(e => e.SigningInfo != null).SingleAsync();
        var students = await db.Students.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.SchoolId }).ToListAsync();
        var schoolIds = students.Select(s => s.SchoolId).Distinct().ToList();
        var resident = (await db.Residencies
            .Where(r => r.EmployerId == employerId && r.Status == ResidencyStatus.Approved && schoolIds.Contains(r.SchoolId))
            .Select(r => r.SchoolId).ToListAsync()).ToHashSet();
        var active = SigningStatuses.ActiveAgreement.ToList();
        var withAgreement = (await db.Signings.Where(s => ids.Contains(s.StudentId) && active.Contains(s.Status))
            .Select(s => s.StudentId).Distinct().ToListAsync()).ToHashSet();
        var openInvitation = (await db.Signings
            .Where(s => s.EmployerId == employerId && ids.Contains(s.StudentId))
            .Where(SigningStatuses.EffectiveStatusIs(SigningStatus.Invited, now))
            .Select(s => s.StudentId).Distinct().ToListAsync()).ToHashSet();

        var known = students.ToDictionary(s => s.Id, s => s.SchoolId);
        return ids.ToDictionary(id => id, id => new InvitationFacts
        {
            SigningInfoConfirmed = confirmed,
            ResidencyApproved = known.TryGetValue(id, out var school) && resident.Contains(school),
            StudentBelongsToSchool = known.ContainsKey(id),
            StudentHasActiveAgreement = withAgreement.Contains(id),
            HasOpenInvitationFromThisEmployer = openInvitation.Contains(id),
        });
    }

    /// <summary>
    /// Takes the next 协议书编号 of the school and year (rule 9) inside the caller's unit of work; the
    /// counter's concurrency token makes two verifiers that take the same number collide on save.
    /// </summary>
    public static async Task<AgreementNumber> NextAgreementNumberAsync(AppDbContext db, int schoolId, int graduationYear)
    {
        var code = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Code).SingleAsync();
        var counter = await db.AgreementCounters.SingleOrDefaultAsync(c => c.SchoolId == schoolId && c.GraduationYear == graduationYear);
        if (counter is null)
        {
            counter = new AgreementCounter(schoolId, graduationYear);
            db.AgreementCounters.Add(counter);
        }
        return AgreementNumber.Create(code, graduationYear, counter.Next());
    }
}
