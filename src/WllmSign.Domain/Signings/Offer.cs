using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;

namespace WllmSign.Domain.Signings;

/// <summary>
/// The terms an employer types on the 邀请函 form, unvalidated, as settable properties: the base of the domain's
/// <see cref="OfferDraft"/> and of the portal's form, so that they are declared once. Numbers are nullable so that an
/// empty input is reported as "请输入…" rather than read as 0. The 档案/户口 inputs (base class) are pre-filled from the
/// employer's confirmed signing information (签约信息确认) and may be changed for one letter.
/// </summary>
public abstract class OfferTermsInputs : ArchiveAndHukouInputs
{
    /// <summary>工作职位类别.</summary>
    public string? JobCategory { get; set; }
    /// <summary>拟聘用职位.</summary>
    public string? Position { get; set; }
    /// <summary>反馈有效期(天), 1–30, default 5.</summary>
    public int? FeedbackDays { get; set; } = Offer.DefaultFeedbackDays;
    /// <summary>试用期(天), 0–180.</summary>
    public int? ProbationDays { get; set; }
    /// <summary>试用起薪(元/月).</summary>
    public int? ProbationSalary { get; set; }
    /// <summary>转正起薪(元/月).</summary>
    public int? RegularSalary { get; set; }
    /// <summary>违约金(元).</summary>
    public int? Penalty { get; set; }
    /// <summary>签约联系人.</summary>
    public string? ContactName { get; set; }
    /// <summary>联系电话.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>Copies every term typed here, the 档案/户口 inputs included, into <paramref name="to"/>.</summary>
    public void CopyTermsTo(OfferTermsInputs to)
    {
        ArgumentNullException.ThrowIfNull(to);
        (to.JobCategory, to.Position, to.FeedbackDays, to.ProbationDays) = (JobCategory, Position, FeedbackDays, ProbationDays);
        (to.ProbationSalary, to.RegularSalary, to.Penalty) = (ProbationSalary, RegularSalary, Penalty);
        (to.ContactName, to.ContactPhone) = (ContactName, ContactPhone);
        ArchiveAndHukou.CopyInputs(this, to);
    }
}

/// <summary>
/// What the employer fills in on the 邀请函 form, unvalidated: the portal fills this from its form and hands it to
/// <see cref="Offer.Create"/>; the places are one text each here (the form picks them from lists).
/// </summary>
public sealed class OfferDraft : OfferTermsInputs
{
    /// <summary>报到地点.</summary>
    public string? ReportPlace { get; set; }
    /// <summary>报到期限.</summary>
    public DateOnly? ReportDeadline { get; set; }
    /// <summary>实际工作地点.</summary>
    public string? WorkPlace { get; set; }
}

/// <summary>
/// The terms of an invitation letter (邀请函), validated by rule 11 and immutable once created. Every
/// student of a batch receives the same terms (rule 4). Mapped by EF Core as an owned type.
/// </summary>
public sealed class Offer
{
    public const int DefaultFeedbackDays = 5;
    public const int MinFeedbackDays = 1;
    public const int MaxFeedbackDays = 30;
    public const int MaxProbationDays = 180;
    public const int MaxPositionLength = 50;

    public const string ProbationPayTooLowMessage = "试用起薪不得低于转正起薪的80%（《劳动合同法》第二十条）";
    public const string ReportDeadlineNotInFutureMessage = "报到期限必须晚于今天";

    /// <summary>工作职位类别.</summary>
    public string JobCategory { get; private set; } = "";
    /// <summary>拟聘用职位 (≤ 50 字).</summary>
    public string Position { get; private set; } = "";
    /// <summary>反馈有效期(天), 1–30.</summary>
    public int FeedbackDays { get; private set; }
    /// <summary>试用期(天), 0–180.</summary>
    public int ProbationDays { get; private set; }
    /// <summary>试用起薪(元/月), positive, at least 80% of <see cref="RegularSalary"/>.</summary>
    public int ProbationSalary { get; private set; }
    /// <summary>转正起薪(元/月), positive.</summary>
    public int RegularSalary { get; private set; }
    /// <summary>违约金(元), ≥ 0.</summary>
    public int Penalty { get; private set; }
    /// <summary>报到地点.</summary>
    public string ReportPlace { get; private set; } = "";
    /// <summary>报到期限, a China date after the day the letter was written.</summary>
    public DateOnly ReportDeadline { get; private set; }
    /// <summary>实际工作地点.</summary>
    public string WorkPlace { get; private set; } = "";
    /// <summary>签约联系人.</summary>
    public string ContactName { get; private set; } = "";
    /// <summary>联系电话.</summary>
    public string ContactPhone { get; private set; } = "";
    /// <summary>档案/户口 for this letter: pre-filled from the employer's <see cref="SigningInfo.ArchiveAndHukou"/>, validated by the same rules.</summary>
    public ArchiveAndHukou ArchiveAndHukou { get; private set; } = null!;

    /// <summary>For EF Core.</summary>
    private Offer() { }

    /// <summary>
    /// Validates the letter (rule 11) and returns its terms, or throws a <see cref="DomainException"/>
    /// naming the first wrong field. <paramref name="today"/> is today's date in China time
    /// (<see cref="ChinaTime.Today"/>); the report deadline must come after it.
    /// </summary>
    public static Offer Create(OfferDraft draft, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var o = new Offer();

        o.JobCategory = Choice(draft.JobCategory, "工作职位类别", 30);
        o.Position = Text.Required(draft.Position, "拟聘用职位", MaxPositionLength);

        var feedback = draft.FeedbackDays ?? throw new DomainException("请输入反馈有效期");
        if (feedback is < MinFeedbackDays or > MaxFeedbackDays)
            throw new DomainException($"反馈有效期应为{MinFeedbackDays}至{MaxFeedbackDays}天");
        o.FeedbackDays = feedback;

        var probation = draft.ProbationDays ?? throw new DomainException("请输入试用期");
        if (probation is < 0 or > MaxProbationDays)
            throw new DomainException($"试用期应为0至{MaxProbationDays}天");
        o.ProbationDays = probation;

        o.ProbationSalary = Salary(draft.ProbationSalary, "试用起薪");
        o.RegularSalary = Salary(draft.RegularSalary, "转正起薪");
        // 劳动合同法 第二十条: probation pay at least 80% of the regular pay; in integers, 5p ≥ 4r.
        if (5L * o.ProbationSalary < 4L * o.RegularSalary) throw new DomainException(ProbationPayTooLowMessage);

        var penalty = draft.Penalty ?? throw new DomainException("请输入违约金");
        if (penalty < 0) throw new DomainException("违约金不能为负数");
        o.Penalty = penalty;

        o.ReportPlace = Choice(draft.ReportPlace, "报到地点", 100);
        var reportDeadline = draft.ReportDeadline ?? throw new DomainException("请选择报到期限");
        if (reportDeadline <= today) throw new DomainException(ReportDeadlineNotInFutureMessage);
        o.ReportDeadline = reportDeadline;
        o.WorkPlace = Text.Required(draft.WorkPlace, "实际工作地点", 100);
        o.ContactName = Text.Required(draft.ContactName, "签约联系人", 30);
        o.ContactPhone = Text.Phone(draft.ContactPhone, "联系电话");

        // The same rules and messages as 签约信息确认, which pre-fills these fields (one place: ArchiveAndHukou).
        o.ArchiveAndHukou = ArchiveAndHukou.Create(draft);
        return o;
    }

    /// <summary>A field picked from a list on the form: empty means "请选择…".</summary>
    private static string Choice(string? value, string label, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new DomainException($"请选择{label}");
        return Text.Required(value, label, max);
    }

    private static int Salary(int? value, string label)
    {
        var v = value ?? throw new DomainException($"请输入{label}");
        if (v <= 0) throw new DomainException($"{label}应为正整数（元/月）");
        return v;
    }
}
