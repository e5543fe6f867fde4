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
    public string ArchiveReceiving { get; private set; } = "";
    /// <summary>档案转寄单位名称 (for 转寄其他单位; for 单位接收, the unit itself).</summary>
    public string? ArchiveForwardUnit { get; private set; }
    public string? ArchiveForwardAddress { get; private set; }
    public string? ArchiveForwardPostcode { get; private set; }
    public string? ArchiveForwardContact { get; private set; }
    public string? ArchiveForwardPhone { get; private set; }
    public string HukouReceivingType { get; private set; } = "";
    public string? HukouAddress { get; private set; }

    private SigningInfo() { }

    /// <summary>Validates the form; every message is the Chinese sentence shown beside it.</summary>
    public static SigningInfo Create(string? nature, string? location, string? archiveReceiving,
        string? archiveForwardUnit, string? archiveForwardAddress, string? archiveForwardPostcode,
        string? archiveForwardContact, string? archiveForwardPhone, string? hukouReceivingType, string? hukouAddress)
    {
        var info = new SigningInfo
        {
            Nature = ArchiveAndHukou.OneOf(nature, SigningInfoOptions.Natures, "单位性质"),
            Location = Text.Required(location, "单位所在地", 40),
        };
        if (!info.Location.Contains(" - ", StringComparison.Ordinal)) throw new DomainException("请选择单位所在地的省份和城市");

        var receiving = ArchiveAndHukou.Create(archiveReceiving, archiveForwardUnit, archiveForwardAddress, archiveForwardPostcode,
            archiveForwardContact, archiveForwardPhone, hukouReceivingType, hukouAddress);
        info.ArchiveReceiving = receiving.ArchiveReceiving;
        info.ArchiveForwardUnit = receiving.ArchiveForwardUnit;
        info.ArchiveForwardAddress = receiving.ArchiveForwardAddress;
        info.ArchiveForwardPostcode = receiving.ArchiveForwardPostcode;
        info.ArchiveForwardContact = receiving.ArchiveForwardContact;
        info.ArchiveForwardPhone = receiving.ArchiveForwardPhone;
        info.HukouReceivingType = receiving.HukouReceivingType;
        info.HukouAddress = receiving.HukouAddress;
        return info;
    }
}
