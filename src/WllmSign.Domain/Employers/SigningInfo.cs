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
/// graduates' archives (档案) and household registration (户口) go. Copied onto every letter it sends.
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
            Nature = OneOf(nature, SigningInfoOptions.Natures, "单位性质"),
            Location = Text.Required(location, "单位所在地", 40),
            ArchiveReceiving = OneOf(archiveReceiving, SigningInfoOptions.ArchiveReceiving, "档案接收"),
            HukouReceivingType = OneOf(hukouReceivingType, SigningInfoOptions.HukouReceivingTypes, "户口接收类型"),
        };
        if (!info.Location.Contains(" - ", StringComparison.Ordinal)) throw new DomainException("请选择单位所在地的省份和城市");

        if (info.ArchiveReceiving != SigningInfoOptions.ArchiveNotReceived)
        {
            info.ArchiveForwardUnit = Text.Required(archiveForwardUnit, "档案转寄单位名称", 60);
            info.ArchiveForwardAddress = Text.Required(archiveForwardAddress, "档案转递地址", 120);
            var postcode = Text.Required(archiveForwardPostcode, "档案转递邮编", 6);
            if (!Text.IsPostcode(postcode)) throw new DomainException("档案转递邮编应为6位数字");
            info.ArchiveForwardPostcode = postcode;
            info.ArchiveForwardContact = Text.Required(archiveForwardContact, "档案转递联系人", 30);
            info.ArchiveForwardPhone = Text.Phone(archiveForwardPhone, "档案转递联系电话");
        }
        if (info.HukouReceivingType != SigningInfoOptions.HukouNotReceived)
        {
            info.HukouAddress = Text.Required(hukouAddress, "户口接收地址", 120);
        }
        return info;
    }

    private static string OneOf(string? value, string[] options, string label)
    {
        var s = (value ?? "").Trim();
        if (s.Length == 0) throw new DomainException($"请选择{label}");
        if (!options.Contains(s)) throw new DomainException($"{label}“{s}”不在可选范围内");
        return s;
    }
}
