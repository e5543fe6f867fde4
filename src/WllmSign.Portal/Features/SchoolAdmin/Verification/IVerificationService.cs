namespace WllmSign.Portal.Features.SchoolAdmin.Verification;

/// <summary>Which of the school's two verification queues.</summary>
public enum VerificationKind
{
    /// <summary>签约鉴证: signings the student accepted (AwaitingVerification).</summary>
    Signing = 0,
    /// <summary>解约鉴证: terminations both parties agreed to (TerminationAwaitingVerification).</summary>
    Termination = 1,
}

/// <summary>The queue's filters; every one is applied in the database.</summary>
public sealed class VerificationFilter
{
    public string? Faculty { get; set; }
    public string? Major { get; set; }
    /// <summary>单位名称 (contains).</summary>
    public string? EmployerName { get; set; }
    /// <summary>邀请日期 from (China day, inclusive).</summary>
    public DateTime? InvitedFrom { get; set; }
    /// <summary>邀请日期 to (China day, inclusive).</summary>
    public DateTime? InvitedTo { get; set; }
}

/// <summary>One row of a verification queue.</summary>
public sealed record VerificationRow(
    int Id,
    string StudentName,
    string MaskedIdNumber,
    string StudentNumber,
    string Faculty,
    string Major,
    int GraduationYear,
    string EmployerName,
    string Position,
    DateTimeOffset InvitedAt,
    DateTimeOffset? AcceptedAt,
    string? TerminationRequestedBy,
    string? TerminationReason,
    string? TerminationAnswerReason);

/// <summary>What happened to one signing of a batch.</summary>
public sealed record VerificationOutcome(int SigningId, string Label, bool Succeeded, string? Error);

/// <summary>The outcome of a batch: each signing in its own unit of work, so one failure undoes nothing else.</summary>
public sealed record BatchResult(IReadOnlyList<VerificationOutcome> Outcomes)
{
    public int SucceededCount => Outcomes.Count(o => o.Succeeded);
    public IReadOnlyList<VerificationOutcome> Failures => Outcomes.Where(o => !o.Succeeded).ToList();

    /// <summary>"2 条通过，1 条失败" style summary; <paramref name="verb"/> is 通过 or 不通过.</summary>
    public string Summary(string verb) => Failures.Count == 0
        ? $"{SucceededCount} 条鉴证{verb}"
        : $"{SucceededCount} 条鉴证{verb}，{Failures.Count} 条失败";
}

/// <summary>The faculties and majors of the school's roster, for the filter menus.</summary>
public sealed record FacultyMajors(IReadOnlyList<string> Faculties, IReadOnlyList<(string Faculty, string Major)> Majors);

/// <summary>The 签约鉴证 and 解约鉴证 use cases of a school admin; every call is scoped by <c>user.RequireSchool()</c>.</summary>
public interface IVerificationService
{
    Task<Page<VerificationRow>> QueueAsync(CurrentUser user, VerificationKind kind, VerificationFilter filter, PageRequest page, CancellationToken ct = default);
    Task<FacultyMajors> FacultiesAsync(CurrentUser user);
    /// <summary>The full detail of one of the school's signings, or null (another school's, or none).</summary>
    Task<SigningDetail?> DetailAsync(CurrentUser user, int signingId);
    Task<BatchResult> ApproveAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds);
    /// <summary>Rejects with <paramref name="remark"/> (required, ≤ 200).</summary>
    Task<BatchResult> RejectAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds, string? remark);
}
