using WllmSign.Domain.Signings;

namespace WllmSign.Portal.Features.DataCenter;

/// <summary>
/// The filter bar of the employer's lists (manual chapters 4 and 5): 请选择学校, 请选择毕业年度, 学生姓名,
/// 身份证号 (the full number, matched exactly), 专业名称, 邀请起始日期, 邀请截至日期 (China dates, inclusive),
/// 请选择应约状态.
/// </summary>
public sealed class SigningListFilter
{
    public int? SchoolId { get; set; }
    public int? GraduationYear { get; set; }
    public string? StudentName { get; set; }
    public string? IdNumber { get; set; }
    public string? Major { get; set; }
    public DateOnly? InvitedFrom { get; set; }
    public DateOnly? InvitedTo { get; set; }
    /// <summary>One of <see cref="ResponseStatusFilter.Labels"/>, or null for any.</summary>
    public string? ResponseStatus { get; set; }

    public SigningListFilter Copy() => (SigningListFilter)MemberwiseClone();
}

/// <summary>The columns a list can be sorted by.</summary>
public enum SigningListSort { InvitedAt = 0, SchoolName = 1, StudentName = 2, Major = 3 }

/// <summary>One page of a list: zero-based <see cref="Page"/>; 邀请日期 newest first by default.</summary>
public sealed record SigningListPaging(int Page = 0, int PageSize = 10, SigningListSort Sort = SigningListSort.InvitedAt, bool Descending = true)
{
    public const int MaxPageSize = 100;
}

/// <summary>
/// The two lists of 解约办理: 学生提出解约待办理列表 (the students' requests awaiting this employer) and
/// 已签约成功学生列表 (Effective agreements, on which the employer may request termination).
/// </summary>
public enum TerminationTab { StudentRequests = 0, EffectiveAgreements = 1 }

/// <summary>
/// One row: 院校名称, 姓名, 身份证号 (masked), 学历, 专业, 邀请日期, 应约状态, 鉴证状态. On 已签约成功学生列表,
/// <see cref="CannotRequestTerminationReason"/> says why 申请解约 is disabled (null when it is allowed).
/// </summary>
public sealed record SigningListRow(
    int Id,
    string SchoolName,
    string StudentName,
    string MaskedIdNumber,
    string Degree,
    string Major,
    int GraduationYear,
    DateTimeOffset InvitedAt,
    string ResponseText,
    string VerificationText,
    string? CannotRequestTerminationReason = null,
    bool HasAgreement = false);

/// <summary>A page of rows and the total count (当前共N条记录).</summary>
public sealed record SigningListPage(IReadOnlyList<SigningListRow> Rows, int Total);

/// <summary>The choices of 请选择学校 and 请选择毕业年度.</summary>
public sealed record SigningFilterOptions(IReadOnlyList<SchoolOption> Schools, IReadOnlyList<int> GraduationYears);

public sealed record SchoolOption(int Id, string Name);
