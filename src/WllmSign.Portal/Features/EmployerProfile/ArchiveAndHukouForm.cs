using WllmSign.Domain.Employers;

namespace WllmSign.Portal.Features.EmployerProfile;

/// <summary>
/// The eight 档案/户口 inputs (<see cref="ArchiveAndHukou"/>) shared by 签约信息确认 and the 邀请函; bound by
/// <see cref="ArchiveAndHukouFields"/>, validated by the domain.
/// </summary>
public interface IArchiveAndHukouForm
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

public static class ArchiveAndHukouForm
{
    /// <summary>The labels of the eight inputs, as <see cref="ArchiveAndHukou.Create"/>'s messages name them (FieldErrors).</summary>
    public static readonly string[] Labels =
        ["档案接收", "档案转寄单位名称", "档案转递地址", "档案转递邮编", "档案转递联系人", "档案转递联系电话", "户口接收类型", "户口接收地址"];

    /// <summary>The forwarding details are asked for unless the archive is not received.</summary>
    public static bool ForwardsArchive(this IArchiveAndHukouForm f) =>
        !string.IsNullOrEmpty(f.ArchiveReceiving) && f.ArchiveReceiving != SigningInfoOptions.ArchiveNotReceived;

    /// <summary>The hukou address is asked for unless the hukou is not received.</summary>
    public static bool ReceivesHukou(this IArchiveAndHukouForm f) =>
        !string.IsNullOrEmpty(f.HukouReceivingType) && f.HukouReceivingType != SigningInfoOptions.HukouNotReceived;

    /// <summary>Pre-fills the inputs from the employer's confirmed signing information (nothing when unconfirmed).</summary>
    public static void Fill(this IArchiveAndHukouForm f, SigningInfo? info)
    {
        if (info is null) return;
        f.ArchiveReceiving = info.ArchiveReceiving;
        f.ArchiveForwardUnit = info.ArchiveForwardUnit;
        f.ArchiveForwardAddress = info.ArchiveForwardAddress;
        f.ArchiveForwardPostcode = info.ArchiveForwardPostcode;
        f.ArchiveForwardContact = info.ArchiveForwardContact;
        f.ArchiveForwardPhone = info.ArchiveForwardPhone;
        f.HukouReceivingType = info.HukouReceivingType;
        f.HukouAddress = info.HukouAddress;
    }
}
