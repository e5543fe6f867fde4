using WllmSign.Domain.Common;

namespace WllmSign.Domain.Employers;

/// <summary>
/// The eight 档案/户口 inputs as typed (签约信息确认's form, the 邀请函's form, <see cref="Signings.OfferDraft"/>), before
/// <see cref="ArchiveAndHukou.Create(IArchiveAndHukouInput)"/> validates them.
/// </summary>
public interface IArchiveAndHukouInput
{
    string? ArchiveReceiving { get; set; }
    string? ArchiveForwardUnit { get; set; }
    string? ArchiveForwardAddress { get; set; }
    string? ArchiveForwardPostcode { get; set; }
    string? ArchiveForwardContact { get; set; }
    string? ArchiveForwardPhone { get; set; }
    string? HukouReceivingType { get; set; }
    string? HukouAddress { get; set; }
}

/// <summary>
/// The eight inputs as settable properties: the base of every form and draft that carries them (签约信息确认's form, the
/// 邀请函's form, <see cref="Signings.OfferDraft"/>), so that they are declared once.
/// </summary>
public abstract class ArchiveAndHukouInputs : IArchiveAndHukouInput
{
    /// <summary>档案接收, one of <see cref="SigningInfoOptions.ArchiveReceiving"/>.</summary>
    public string? ArchiveReceiving { get; set; }
    /// <summary>档案转寄单位名称.</summary>
    public string? ArchiveForwardUnit { get; set; }
    /// <summary>档案转递地址.</summary>
    public string? ArchiveForwardAddress { get; set; }
    /// <summary>档案转递邮编.</summary>
    public string? ArchiveForwardPostcode { get; set; }
    /// <summary>档案转递联系人.</summary>
    public string? ArchiveForwardContact { get; set; }
    /// <summary>档案转递联系电话.</summary>
    public string? ArchiveForwardPhone { get; set; }
    /// <summary>户口接收类型, one of <see cref="SigningInfoOptions.HukouReceivingTypes"/>.</summary>
    public string? HukouReceivingType { get; set; }
    /// <summary>户口接收地址.</summary>
    public string? HukouAddress { get; set; }
}

/// <summary>
/// Where a graduate's archive (档案) and household registration (户口) go: the eight fields of 签约信息确认
/// (manual 2.1) and of the 邀请函 (manual 3.2), which pre-fills them from the former and may change them for
/// one letter. The one place their rules and messages live: <see cref="SigningInfo.Create"/> and
/// <see cref="Signings.Offer.Create"/> both validate through <see cref="Create"/>.
/// </summary>
public sealed class ArchiveAndHukou
{
    /// <summary>档案接收, one of <see cref="SigningInfoOptions.ArchiveReceiving"/>.</summary>
    public string ArchiveReceiving { get; private set; } = "";
    /// <summary>档案转寄单位名称 (for 转寄其他单位; for 单位接收, the unit itself); null for 单位不接收.</summary>
    public string? ArchiveForwardUnit { get; private set; }
    public string? ArchiveForwardAddress { get; private set; }
    public string? ArchiveForwardPostcode { get; private set; }
    public string? ArchiveForwardContact { get; private set; }
    public string? ArchiveForwardPhone { get; private set; }
    /// <summary>户口接收类型, one of <see cref="SigningInfoOptions.HukouReceivingTypes"/>.</summary>
    public string HukouReceivingType { get; private set; } = "";
    /// <summary>户口接收地址; null for 不接收.</summary>
    public string? HukouAddress { get; private set; }

    private ArchiveAndHukou() { }

    /// <summary>
    /// Validates the eight fields; every message is the Chinese sentence shown beside the form. The forwarding
    /// details are required unless the archive is not received (and dropped then); the hukou address likewise.
    /// </summary>
    public static ArchiveAndHukou Create(string? archiveReceiving, string? archiveForwardUnit, string? archiveForwardAddress,
        string? archiveForwardPostcode, string? archiveForwardContact, string? archiveForwardPhone,
        string? hukouReceivingType, string? hukouAddress)
    {
        var r = new ArchiveAndHukou
        {
            ArchiveReceiving = OneOf(archiveReceiving, SigningInfoOptions.ArchiveReceiving, "档案接收"),
            HukouReceivingType = OneOf(hukouReceivingType, SigningInfoOptions.HukouReceivingTypes, "户口接收类型"),
        };
        if (r.ArchiveReceiving != SigningInfoOptions.ArchiveNotReceived)
        {
            r.ArchiveForwardUnit = Text.Required(archiveForwardUnit, "档案转寄单位名称", 60);
            r.ArchiveForwardAddress = Text.Required(archiveForwardAddress, "档案转递地址", 120);
            var postcode = Text.Required(archiveForwardPostcode, "档案转递邮编", 6);
            if (!Text.IsPostcode(postcode)) throw new DomainException("档案转递邮编应为6位数字");
            r.ArchiveForwardPostcode = postcode;
            r.ArchiveForwardContact = Text.Required(archiveForwardContact, "档案转递联系人", 30);
            r.ArchiveForwardPhone = Text.Phone(archiveForwardPhone, "档案转递联系电话");
        }
        if (r.HukouReceivingType != SigningInfoOptions.HukouNotReceived)
        {
            r.HukouAddress = Text.Required(hukouAddress, "户口接收地址", 120);
        }
        return r;
    }

    /// <summary>Validates typed inputs (<see cref="Create(string?, string?, string?, string?, string?, string?, string?, string?)"/>).</summary>
    public static ArchiveAndHukou Create(IArchiveAndHukouInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Create(input.ArchiveReceiving, input.ArchiveForwardUnit, input.ArchiveForwardAddress, input.ArchiveForwardPostcode,
            input.ArchiveForwardContact, input.ArchiveForwardPhone, input.HukouReceivingType, input.HukouAddress);
    }

    /// <summary>Copies the eight typed inputs from one form to another (the 邀请函's form into its draft).</summary>
    public static void CopyInputs(IArchiveAndHukouInput from, IArchiveAndHukouInput to)
    {
        ArgumentNullException.ThrowIfNull(from);
        Write(to, from.ArchiveReceiving, from.ArchiveForwardUnit, from.ArchiveForwardAddress, from.ArchiveForwardPostcode,
            from.ArchiveForwardContact, from.ArchiveForwardPhone, from.HukouReceivingType, from.HukouAddress);
    }

    /// <summary>Pre-fills a form with this value (签约信息确认 shows the confirmed one; every letter starts from it).</summary>
    public void WriteTo(IArchiveAndHukouInput to) =>
        Write(to, ArchiveReceiving, ArchiveForwardUnit, ArchiveForwardAddress, ArchiveForwardPostcode, ArchiveForwardContact,
            ArchiveForwardPhone, HukouReceivingType, HukouAddress);

    private static void Write(IArchiveAndHukouInput to, string? receiving, string? unit, string? address, string? postcode,
        string? contact, string? phone, string? hukouType, string? hukouAddress)
    {
        ArgumentNullException.ThrowIfNull(to);
        (to.ArchiveReceiving, to.ArchiveForwardUnit, to.ArchiveForwardAddress, to.ArchiveForwardPostcode) = (receiving, unit, address, postcode);
        (to.ArchiveForwardContact, to.ArchiveForwardPhone, to.HukouReceivingType, to.HukouAddress) = (contact, phone, hukouType, hukouAddress);
    }

    /// <summary>A value picked from a code list: "请选择…" when empty, refused by name when not in the list.</summary>
    public static string OneOf(string? value, string[] options, string label)
    {
        var s = (value ?? "").Trim();
        if (s.Length == 0) throw new DomainException($"请选择{label}");
        if (!options.Contains(s)) throw new DomainException($"{label}“{s}”不在可选范围内");
        return s;
    }
}
