namespace WllmSign.Portal.Features.Agreements;

/// <summary>Everything printed on one agreement (电子协议书): pure data, read by <see cref="AgreementService"/>.</summary>
public sealed record AgreementDocument(
    int GraduationYear,
    string SchoolName,
    string AgreementNumber,
    string VerificationCode,
    DateOnly SignedOn,
    bool IsVoid,
    AgreementEmployer Employer,
    AgreementStudent Student,
    AgreementTerms Terms,
    DateOnly? TerminatedOn = null)
{
    /// <summary>毕业时间, e.g. 202707.</summary>
    public string GraduationMonth => $"{GraduationYear}07";
}

/// <summary>甲方.</summary>
public sealed record AgreementEmployer(
    string Name,
    string CreditCode,
    string? Nature,
    string? Industry,
    string ContactName,
    string Email,
    string Phone,
    string? Address,
    string? Postcode,
    string? ArchiveUnit,
    string? ArchiveAddress,
    string? HukouAddress);

/// <summary>乙方.</summary>
public sealed record AgreementStudent(
    string Name,
    string Gender,
    string IdNumber,
    string? PoliticalStatus,
    string StudentNumber,
    string Degree,
    string Major,
    string Faculty,
    string? Email,
    string? Address,
    string? Phone);

/// <summary>The letter's terms (clause 三) and the penalty (clause 五).</summary>
public sealed record AgreementTerms(
    string Position,
    string WorkPlace,
    DateOnly ReportDeadline,
    string ReportPlace,
    int ProbationDays,
    int ProbationSalary,
    int RegularSalary,
    int Penalty);
