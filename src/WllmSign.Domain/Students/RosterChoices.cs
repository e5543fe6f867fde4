using WllmSign.Domain.Common;

namespace WllmSign.Domain.Students;

/// <summary>
/// The fixed value lists of a school's roster (the drop-down lists of the 学生名单 template and of the student dialog):
/// a roster's 学历 is always one of <see cref="Degrees"/>, and an imported 政治面貌 one of <see cref="PoliticalStatuses"/>.
/// </summary>
public static class RosterChoices
{
    public static readonly IReadOnlyList<string> Degrees = ["博士研究生毕业", "硕士研究生毕业", "本科生毕业", "专科生毕业"];

    public static readonly IReadOnlyList<string> PoliticalStatuses = ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"];

    public static string DegreeMessage { get; } = $"学历只能填写：{string.Join("、", Degrees)}";

    public static string PoliticalStatusMessage { get; } = $"政治面貌只能填写：{string.Join("、", PoliticalStatuses)}";

    /// <summary>The trimmed 学历 when it is one of <see cref="Degrees"/>; otherwise <see cref="DegreeMessage"/>.</summary>
    public static string RequireDegree(string? degree)
    {
        var d = Text.Required(degree, "学历", Student.DegreeMaxLength);
        return Degrees.Contains(d) ? d : throw new DomainException(DegreeMessage);
    }

    /// <summary>A blank 政治面貌 is null; anything else must be one of <see cref="PoliticalStatuses"/>.</summary>
    public static string? RequirePoliticalStatus(string? status)
    {
        var s = Text.Optional(status, "政治面貌", Student.PoliticalStatusMaxLength);
        return s is null || PoliticalStatuses.Contains(s) ? s : throw new DomainException(PoliticalStatusMessage);
    }
}
