using System.Runtime.CompilerServices;
using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>The filters of the school's bulk download (the same as its data list).</summary>
public sealed record SchoolAgreementFilter(int? Year, string? Major, string? Faculty);

/// <summary>One agreement of a bulk download: its ZIP entry name (院系/学号_姓名.pdf), its data and its issued file.</summary>
public sealed record AgreementEntry(string EntryName, AgreementDocument Document, byte[] Pdf);

/// <summary>
/// Reads agreements for the signed-in user — the employer of the signing, its student, or an admin of
/// the student's school; anyone else, or a signing that never became Effective, gets null (a 404) —
/// and serves their issued (signed, stored) PDF files.
/// </summary>
public sealed class AgreementService(IDbContextFactory<AppDbContext> dbFactory, AgreementFonts fonts, AgreementFileStore files)
{
    /// <summary>The agreement of one signing, or null when the caller may not see it or it has no agreement.</summary>
    public async Task<AgreementDocument?> FindAsync(CurrentUser? user, int signingId, CancellationToken ct = default)
    {
        if (user is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var signings = db.Signings.Where(s => s.Id == signingId);
        signings = user.Role switch
        {
            Roles.Employer when user.EmployerId is { } e => signings.Where(s => s.EmployerId == e),
            Roles.Student when user.StudentId is { } st => signings.Where(s => s.StudentId == st),
            Roles.SchoolAdmin when user.SchoolId is { } sc => signings.Where(s => s.SchoolId == sc),
            _ => signings.Where(_ => false),
        };
        var row = await Rows(db, signings).SingleOrDefaultAsync(ct);
        return row?.ToDocument();
    }

    /// <summary>
    /// The issued PDF (the same bytes on every download; issued and signed on the first) and its file name
    /// (协议书_{编号}.pdf); throws <see cref="AgreementFontUnavailableException"/> when it must be drawn and cannot.
    /// </summary>
    public async Task<(string FileName, byte[] Pdf)?> GetPdfAsync(CurrentUser? user, int signingId, CancellationToken ct = default)
    {
        var doc = await FindAsync(user, signingId, ct);
        if (doc is null) return null;
        return (FileNameOf(doc), await files.GetOrIssueAsync(signingId, doc, ct));
    }

    public static string FileNameOf(AgreementDocument doc) => $"协议书_{doc.AgreementNumber}.pdf";

    /// <summary>Throws <see cref="AgreementFontUnavailableException"/> now rather than halfway through a download.</summary>
    public void EnsureFonts() => fonts.Get();

    /// <summary>
    /// The school admin's agreements (Effective ones and, marked void, terminated ones) that match the
    /// filters, ordered by faculty and student number, read one page at a time with their issued files (issued in advance
    /// by <see cref="AgreementIssuingJob"/>; any still missing issued for the page at once). Null when the caller is
    /// not a school admin.
    /// </summary>
    public IAsyncEnumerable<AgreementEntry>? SchoolAgreements(CurrentUser? user, SchoolAgreementFilter filter)
    {
        if (user is not { Role: Roles.SchoolAdmin, SchoolId: { } schoolId }) return null;
        return ReadSchool(schoolId, filter);
    }

    private async IAsyncEnumerable<AgreementEntry> ReadSchool(int schoolId, SchoolAgreementFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int pageSize = 100;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var skip = 0; ; skip += pageSize)
        {
            List<Joined> page;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var signings = db.Signings.Where(s => s.SchoolId == schoolId);
                if (filter.Year is { } year) signings = signings.Where(s => s.GraduationYear == year);
                var rows = Rows(db, signings);
                var (major, faculty) = (filter.Major?.Trim(), filter.Faculty?.Trim());
                if (!string.IsNullOrEmpty(major)) rows = rows.Where(r => r.Student.Major == major);
                if (!string.IsNullOrEmpty(faculty)) rows = rows.Where(r => r.Student.Faculty == faculty);
                page = await rows.OrderBy(r => r.Student.Faculty).ThenBy(r => r.Student.StudentNumber).ThenBy(r => r.Signing.Id)
                    .Skip(skip).Take(pageSize).ToListAsync(ct);
            }
            var docs = page.Select(row => (row.Signing.Id, Doc: row.ToDocument())).ToList();
            var pdfs = await files.GetOrIssueManyAsync(docs, ct);
            for (var i = 0; i < page.Count; i++)
            {
                var (row, doc) = (page[i], docs[i].Doc);
                var name = $"{SafeName(row.Student.Faculty)}/{SafeName(row.Student.StudentNumber)}_{SafeName(row.Student.Name)}{(doc.IsVoid ? "_已失效" : "")}";
                var unique = name;
                for (var n = 2; !names.Add(unique); n++) unique = $"{name}_{n}";
                yield return new AgreementEntry(unique + ".pdf", doc, pdfs[row.Signing.Id]);
            }
            if (page.Count < pageSize) yield break;
        }
    }

    /// <summary>
    /// Issues the current file (effective; void once terminated) of up to <paramref name="max"/> agreements that have none yet,
    /// oldest signing first, on <paramref name="parallelism"/> threads; the number issued (for <see cref="AgreementIssuingJob"/>).
    /// </summary>
    public async Task<int> IssuePendingAsync(int max, int parallelism, CancellationToken ct = default)
    {
        List<Joined> page;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var pending = db.Signings.Where(s =>
                (s.Status == SigningStatus.Terminated && !db.AgreementFiles.Any(f => f.SigningId == s.Id && f.Kind == AgreementFileKind.Void))
                || (s.Status != SigningStatus.Terminated && !db.AgreementFiles.Any(f => f.SigningId == s.Id && f.Kind == AgreementFileKind.Effective)));
            page = await Rows(db, pending).OrderBy(r => r.Signing.Id).Take(max).ToListAsync(ct);
        }
        if (page.Count == 0) return 0;
        await files.GetOrIssueManyAsync(page.Select(r => (r.Signing.Id, r.ToDocument())).ToList(), ct, parallelism);
        return page.Count;
    }

    /// <summary>A file or folder name without path separators or characters Windows refuses.</summary>
    private static string SafeName(string s)
    {
        var invalid = "\\/:*?\"<>|";
        var cleaned = new string((s ?? "").Select(c => invalid.Contains(c, StringComparison.Ordinal) || char.IsControl(c) ? '_' : c).ToArray()).Trim().Trim('.');
        return cleaned.Length == 0 ? "_" : cleaned;
    }

    // ------------------------------------------------------------------ one query for every agreement

    private sealed class Joined
    {
        public Signing Signing { get; init; } = null!;
        public Student Student { get; init; } = null!;
        public Employer Employer { get; init; } = null!;
        public string SchoolName { get; init; } = "";

        public AgreementDocument ToDocument()
        {
            var (s, o, e, st) = (Signing, Signing.Offer, Employer, Student);
            return new AgreementDocument(
                s.GraduationYear,
                SchoolName,
                s.AgreementNumber!,
                s.VerificationCode!,
                DateOnly.FromDateTime(ChinaTime.ToChina(s.VerifiedAt ?? s.InvitedAt).DateTime),
                s.IsVoid,
                new AgreementEmployer(e.Name, e.CreditCode, e.SigningInfo?.Nature, e.Industry, o.ContactName, e.Email, o.ContactPhone,
                    e.Address, e.Postcode, o.ArchiveAndHukou.ArchiveForwardUnit ?? o.ArchiveAndHukou.ArchiveReceiving, o.ArchiveAndHukou.ArchiveForwardAddress,
                    o.ArchiveAndHukou.HukouAddress ?? o.ArchiveAndHukou.HukouReceivingType),
                new AgreementStudent(st.Name, st.Gender, st.IdNumber, st.PoliticalStatus, st.StudentNumber, st.Degree, st.Major, st.Faculty,
                    st.Email, st.Address, st.Phone),
                new AgreementTerms(o.Position, o.WorkPlace, o.ReportDeadline, o.ReportPlace, o.ProbationDays, o.ProbationSalary,
                    o.RegularSalary, o.Penalty),
                s.IsVoid && s.TerminationVerifiedAt is { } t ? DateOnly.FromDateTime(ChinaTime.ToChina(t).DateTime) : null);
        }
    }

    /// <summary>The signings that became Effective (they hold an agreement number), with everything the PDF prints.</summary>
    private static IQueryable<Joined> Rows(AppDbContext db, IQueryable<Signing> signings) =>
        from s in signings.AsNoTracking()
        where s.AgreementNumber != null && s.VerificationCode != null
        join st in db.Students.AsNoTracking() on s.StudentId equals st.Id
        join e in db.Employers.AsNoTracking() on s.EmployerId equals e.Id
        join sc in db.Schools on s.SchoolId equals sc.Id
        select new Joined { Signing = s, Student = st, Employer = e, SchoolName = sc.Name };
}
