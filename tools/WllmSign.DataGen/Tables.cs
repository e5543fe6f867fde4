namespace WllmSign.DataGen;

/// <summary>A table and the columns the generator fills, in the order of each row's values.</summary>
public sealed record Table(string Name, string[] Columns);

/// <summary>The columns as the migrations create them (identical names on both providers).</summary>
public static class Tables
{
    public static readonly Table Schools = new("Schools", ["Id", "Code", "Name", "City", "JobSiteName", "IsActive"]);

    public static readonly Table Employers = new("Employers",
    [
        "Id", "Name", "CreditCode", "Industry", "Size", "Address", "Postcode", "ContactName", "ContactPhone", "Email",
        "RegisteredAt", "SigningInfo_Nature", "SigningInfo_Location", "SigningInfo_ArchiveReceiving",
        "SigningInfo_HukouReceivingType", "SigningInfo_HukouAddress", "SigningInfoConfirmedAt",
    ]);

    public static readonly Table Residencies = new("Residencies", ["Id", "EmployerId", "SchoolId", "Status", "AppliedAt", "DecidedAt", "DecidedBy"]);

    public static readonly Table Students = new("Students",
    [
        "Id", "SchoolId", "GraduationYear", "Name", "IdNumber", "Gender", "StudentNumber", "Faculty", "Major", "Degree",
        "PoliticalStatus", "Phone", "Email",
    ]);

    public static readonly Table Signings = new("Signings",
    [
        "Id", "EmployerId", "StudentId", "SchoolId", "GraduationYear", "Status",
        "Offer_JobCategory", "Offer_Position", "Offer_FeedbackDays", "Offer_ProbationDays", "Offer_ProbationSalary",
        "Offer_RegularSalary", "Offer_Penalty", "Offer_ReportPlace", "Offer_ReportDeadline", "Offer_WorkPlace",
        "Offer_ContactName", "Offer_ContactPhone", "Offer_ArchiveReceiving", "Offer_HukouReceivingType",
        "InvitedAt", "Deadline", "RespondedAt", "DeclineReason", "VerifiedAt", "AgreementNumber", "VerificationCode",
        "TerminationRequestedBy", "TerminationReason", "TerminationRequestedAt", "TerminationAnsweredAt", "TerminationVerifiedAt",
        "TerminationVerificationRejected", "EmployerTerminationUsed", "StudentTerminationUsed", "Version",
    ]);

    public static readonly Table Trail = new("SigningTrail", ["Id", "SigningId", "ActorName", "At", "Action"]);

    public static readonly Table Counters = new("AgreementCounters", ["SchoolId", "GraduationYear", "LastSequence", "Version"]);

    /// <summary>Tables with an identity/autoincrement Id whose sequence must follow the explicit ids.</summary>
    public static readonly Table[] WithIdentity = [Schools, Employers, Residencies, Students, Signings, Trail];
}
