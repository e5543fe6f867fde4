using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.SchoolAdmin.Shared;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Portal.Features.SchoolAdmin.Data;

/// <summary>The 数据管理 filters of the school; all applied in the database.</summary>
public sealed class SchoolDataFilter
{
    public int? GraduationYear { get; set; }
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? Major { get; set; }
    public string? EmployerName { get; set; }
    public DateTime? InvitedFrom { get; set; }
    public DateTime? InvitedTo { get; set; }
    /// <summary>The effective status (an Invited signing past its deadline counts as Expired).</summary>
    public SigningStatus? Status { get; set; }
}

public sealed record SchoolDataRow(int Id, string StudentName, string MaskedIdNumber, string Faculty, string Major, int GraduationYear,
    string EmployerName, string Position, DateTimeOffset InvitedAt, string ResponseText, string VerificationText, string? AgreementNumber);

/// <summary>Every signing of the school's students (数据管理), and one signing's detail.</summary>
public sealed class SchoolDataService(IDbContextFactory<AppDbContext> dbFactory, SigningDetailService details, TimeProvider clock)
{
    public async Task<Page<SchoolDataRow>> SearchAsync(CurrentUser user, SchoolDataFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var schoolId = user.RequireSchool();
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = Filtered(db, schoolId, filter, now);

        var total = await query.CountAsync(ct);
        var rows = await query.Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        return new Page<SchoolDataRow>(rows.Select(r =>
        {
            var status = Signing.EffectiveStatus(r.Status, r.Deadline, now);
            return new SchoolDataRow(r.Id, r.Name, IdNumber.Mask(r.IdNumber), r.Faculty, r.Major, r.GraduationYear, r.Employer, r.Position,
                r.InvitedAt, SigningStatusText.ResponseText(status), SigningStatusText.VerificationText(status, r.TerminationVerificationRejected), r.AgreementNumber);
        }).ToList(), total);
    }

    /// <summary>
    /// The school's signings narrowed by the data filters, newest invitation first: the one query of the list
    /// and of its 导出.
    /// </summary>
    public static IQueryable<SchoolSigningRow> Filtered(AppDbContext db, int schoolId, SchoolDataFilter filter, DateTimeOffset now)
    {
        var signings = db.Signings.AsNoTracking().Where(s => s.SchoolId == schoolId);
        if (filter.Status is { } wanted) signings = signings.Where(SigningStatuses.EffectiveStatusIs(wanted, now));
        var query = from s in signings
                    join st in db.Students on s.StudentId equals st.Id
                    join e in db.Employers on s.EmployerId equals e.Id
                    where s.SchoolId == schoolId
                    select new { s, st, e };
        if (filter.GraduationYear is { } year) query = query.Where(x => x.s.GraduationYear == year);
        if (SchoolQuery.Clean(filter.Name) is { } name) query = query.Where(x => x.st.Name.Contains(name));
        if (SchoolQuery.Clean(filter.IdNumber) is { } id) query = query.Where(x => x.st.IdNumber == id.ToUpperInvariant());
        if (SchoolQuery.Clean(filter.Major) is { } major) query = query.Where(x => x.st.Major.Contains(major));
        if (SchoolQuery.Clean(filter.EmployerName) is { } employer) query = query.Where(x => x.e.Name.Contains(employer));
        var (from, to) = SchoolQuery.ChinaDayRange(
            filter.InvitedFrom is { } f ? DateOnly.FromDateTime(f) : null, filter.InvitedTo is { } t ? DateOnly.FromDateTime(t) : null);
        if (from is { } fromUtc) query = query.Where(x => x.s.InvitedAt >= fromUtc);
        if (to is { } toUtc) query = query.Where(x => x.s.InvitedAt < toUtc);
        return query.OrderByDescending(x => x.s.InvitedAt).ThenByDescending(x => x.s.Id)
            .Select(x => new SchoolSigningRow
            {
                Id = x.s.Id, Name = x.st.Name, IdNumber = x.st.IdNumber, Faculty = x.st.Faculty, Major = x.st.Major,
                GraduationYear = x.s.GraduationYear, Employer = x.e.Name, Position = x.s.Offer.Position, InvitedAt = x.s.InvitedAt,
                Status = x.s.Status, Deadline = x.s.Deadline, TerminationVerificationRejected = x.s.TerminationVerificationRejected,
                AgreementNumber = x.s.AgreementNumber,
            });
    }

    /// <summary>The detail of one of the school's signings, or null (another school's: the page shows 404).</summary>
    public Task<SigningDetail?> DetailAsync(CurrentUser user, int signingId)
    {
        user.RequireSchool();
        return details.GetAsync(user, signingId);
    }
}

/// <summary>A row of <see cref="SchoolDataService.Filtered"/>: stored values, before masking and status words.</summary>
public sealed class SchoolSigningRow
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string IdNumber { get; init; } = "";
    public string Faculty { get; init; } = "";
    public string Major { get; init; } = "";
    public int GraduationYear { get; init; }
    public string Employer { get; init; } = "";
    public string Position { get; init; } = "";
    public DateTimeOffset InvitedAt { get; init; }
    public SigningStatus Status { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public bool TerminationVerificationRejected { get; init; }
    public string? AgreementNumber { get; init; }
}
