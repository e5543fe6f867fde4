using WllmSign.Domain.Common;

namespace WllmSign.Domain.Employers;

/// <summary>The code lists of 签约信息确认 (manual 2.1).</summary>
public static class SigningInfoOptions
{
    /// <summary>单位性质, as the employment-plan (就业方案) reports classify units.</summary>
    public static readonly string[] Natures =
    [
        "机关", "科研设计单位", "高等教育单位", "中初教育单位", "医疗卫生单位", "其他事业单位",
        "国有企业", "三资企业", "其他企业", "部队", "农村建制村", "城镇社区",
    ];

    public const string ArchiveByUnit = "单位接收";
    public const string ArchiveForwarded = "转寄其他单位";
    public const string ArchiveNotReceived = "单位不接收";
    /// <summary>档案接收.</summary>
    public static readonly string[] ArchiveReceiving = [ArchiveByUnit, ArchiveForwarded, ArchiveNotReceived];

    public const string HukouNotReceived = "不接收";
    /// <summary>户口接收类型.</summary>
    public static readonly string[] HukouReceivingTypes = ["单位集体户", "人才服务机构集体户", HukouNotReceived];
}

/// <summary>
/// What the employer confirms before signing anyone (签约信息确认, rule 13): 单位性质, 单位所在地, where the
/// graduates' archives (档案) and household registration (户口) go (validated by <see cref="ArchiveAndHukou"/>).
/// The 档案/户口 part pre-fills every letter, which may change it for that letter only.
/// </summary>
public sealed class SigningInfo
{
    public string Nature { get; private set; } = "";
    /// <summary>单位所在地, "省 - 市".</summary>
    public string Location { get; private set; } = "";
    /// <summary>Where the graduates' 档案 and 户口 go: the one value every letter is pre-filled with (<see cref="Signings.Offer"/> keeps its own copy).</summary>
    public ArchiveAndHukou ArchiveAndHukou { get; private set; } = null!;

    private SigningInfo() { }

    /// <summary>Validates the form (签约信息确认); every message is the Chinese sentence shown beside it.</summary>
    public static SigningInfo Create(string? nature, string? location, IArchiveAndHukouInput archiveAndHukou)
    {
        var info = Located(nature, location);
        info.ArchiveAndHukou = ArchiveAndHukou.Create(archiveAndHukou);
        return info;
    }

    /// <summary>Validates the form; every message is the Chinese sentence shown beside it.</summary>
    public static SigningInfo Create(string? nature, string? location, string? archiveReceiving,
        string? archiveForwardUnit, string? archiveForwardAddress, string? archiveForwardPostcode,
        string? archiveForwardContact, string? archiveForwardPhone, string? hukouReceivingType, string? hukouAddress)
    {
        var info = Located(nature, location);
        info.ArchiveAndHukou = ArchiveAndHukou.Create(archiveReceiving, archiveForwardUnit, archiveForwardAddress, archiveForwardPostcode,
            archiveForwardContact, archiveForwardPhone, hukouReceivingType, hukouAddress);
        return info;
    }

    /// <summary>单位性质 and 单位所在地, checked before 档案/户口 (the form's order).</summary>
    private static SigningInfo Located(string? nature, string? location)
    {
        var info = new SigningInfo
        {
            Nature = ArchiveAndHukou.OneOf(nature, SigningInfoOptions.Natures, "单位性质"),
            Location = Text.Required(location, "单位所在地", 40),
        };
        if (!info.Location.Contains(" - ", StringComparison.Ordinal)) throw new DomainException("请选择单位所在地的省份和城市");
        return info;
    }
}
