using WllmSign.Portal.Features.EmployerProfile;

namespace WllmSign.Portal.Features.Invitations;

/// <summary>工作职位类别: the code list of the letter.</summary>
public static class JobCategories
{
    public static readonly string[] All =
    [
        "计算机与网络", "电子与通信", "机械制造", "化工与材料", "建筑工程", "教育培训", "金融财会", "行政管理",
        "人力资源", "市场营销", "医疗卫生", "法律", "文化传媒", "交通物流", "农林牧渔", "科研开发", "其他",
    ];
}

/// <summary>拟聘用职位 (manual 3.2: "请选择拟聘用职位"): the common positions, and 其他 with the position typed.</summary>
public static class CommonPositions
{
    public const string Other = "其他";

    public static readonly string[] All =
    [
        "软件开发工程师", "Java开发工程师", "前端开发工程师", "测试工程师", "运维工程师", "硬件工程师", "机械工程师",
        "电气工程师", "土木工程师", "化工工艺工程师", "产品经理", "数据分析师", "管理培训生", "销售代表", "市场专员",
        "会计", "行政专员", "人力资源专员", "教师", "医生", "护士", "技术员", "研究员", Other,
    ];
}

/// <summary>
/// What the employer types on the 邀请函 form (manual 3.2). 报到地点 and 实际工作地点 are a province/city pick
/// plus detail; the 档案/户口 fields are pre-filled from the confirmed signing information (<see cref="For"/>) and may
/// be changed for this letter only: the employer's 签约信息 stays as it is.
/// </summary>
public sealed class LetterForm : OfferTermsInputs
{
    /// <summary>The position picked from <see cref="CommonPositions"/>; with 其他 (or none, for callers without the list) <see cref="OfferTermsInputs.Position"/> is the typed one.</summary>
    public string? PositionChoice { get; set; }
    public string? ReportProvince { get; set; }
    public string? ReportCity { get; set; }
    public string? ReportDetail { get; set; }
    public DateTime? ReportDeadline { get; set; }
    public string? WorkProvince { get; set; }
    public string? WorkCity { get; set; }
    public string? WorkDetail { get; set; }

    /// <summary>
    /// The labels by which the letter's refusals (<see cref="ToDraft"/>, <see cref="Offer.Create"/>) name its fields,
    /// in the form's order: the keys of the form's <c>FieldErrors</c> (decision 028).
    /// </summary>
    public static readonly string[] FieldLabels =
    [
        "工作职位类别", "拟聘用职位", "反馈有效期", "试用期", "试用起薪", "转正起薪", "违约金", "报到地点", "报到期限", "实际工作地点",
        "签约联系人", "联系电话", .. ArchiveAndHukouForm.Labels,
    ];

    /// <summary>Why the letter would be refused as it is now (the domain's first message), or null when it would be accepted.</summary>
    public string? Refusal(DateOnly today)
    {
        try
        {
            Offer.Create(ToDraft(), today);
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>A new letter of the unit: its contact and its confirmed 档案/户口 information pre-filled.</summary>
    public static LetterForm For(LetterContext unit)
    {
        var form = new LetterForm { ContactName = unit.ContactName, ContactPhone = unit.ContactPhone };
        form.Fill(unit.SigningInfo?.ArchiveAndHukou);
        return form;
    }

    /// <summary>The domain's draft: every field as typed, the 档案/户口 ones included (validated by Offer.Create).</summary>
    public OfferDraft ToDraft()
    {
        if (!string.IsNullOrWhiteSpace(JobCategory) && !JobCategories.All.Contains(JobCategory.Trim()))
            throw new DomainException($"工作职位类别“{JobCategory}”不在可选范围内");
        if (PositionChoice is not null && !CommonPositions.All.Contains(PositionChoice))
            throw new DomainException($"拟聘用职位“{PositionChoice}”不在可选范围内");
        var draft = new OfferDraft
        {
            ReportPlace = Place(ReportProvince, ReportCity, ReportDetail, "报到地点"),
            ReportDeadline = ReportDeadline is { } d ? DateOnly.FromDateTime(d) : null,
            WorkPlace = Place(WorkProvince, WorkCity, WorkDetail, "实际工作地点"),
        };
        CopyTermsTo(draft);
        if (PositionChoice is not null && PositionChoice != CommonPositions.Other) draft.Position = PositionChoice;
        return draft;
    }

    /// <summary>Null when nothing is picked, so that Offer.Create names the field in its turn.</summary>
    private static string? Place(string? province, string? city, string? detail, string label) =>
        string.IsNullOrWhiteSpace(province) && string.IsNullOrWhiteSpace(city) && string.IsNullOrWhiteSpace(detail)
            ? null
            : Regions.Place(province, city, detail, label, 100);
}
