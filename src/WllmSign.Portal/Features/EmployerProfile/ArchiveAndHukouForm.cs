namespace WllmSign.Portal.Features.EmployerProfile;

/// <summary>
/// The eight 档案/户口 inputs (<see cref="IArchiveAndHukouInput"/>) shared by 签约信息确认 and the 邀请函; bound by
/// <see cref="ArchiveAndHukouFields"/>, validated by the domain (<see cref="ArchiveAndHukou.Create(IArchiveAndHukouInput)"/>).
/// </summary>
public static class ArchiveAndHukouForm
{
    /// <summary>The labels of the eight inputs, as <see cref="ArchiveAndHukou.Create"/>'s messages name them (FieldErrors).</summary>
    public static readonly string[] Labels =
        ["档案接收", "档案转寄单位名称", "档案转递地址", "档案转递邮编", "档案转递联系人", "档案转递联系电话", "户口接收类型", "户口接收地址"];

    /// <summary>The forwarding details are asked for unless the archive is not received.</summary>
    public static bool ForwardsArchive(this IArchiveAndHukouInput f) =>
        !string.IsNullOrEmpty(f.ArchiveReceiving) && f.ArchiveReceiving != SigningInfoOptions.ArchiveNotReceived;

    /// <summary>The hukou address is asked for unless the hukou is not received.</summary>
    public static bool ReceivesHukou(this IArchiveAndHukouInput f) =>
        !string.IsNullOrEmpty(f.HukouReceivingType) && f.HukouReceivingType != SigningInfoOptions.HukouNotReceived;

    /// <summary>
    /// Pre-fills the inputs with a confirmed value (the employer's <see cref="SigningInfo.ArchiveAndHukou"/>; nothing
    /// when unconfirmed): the one place the eight fields go from the value object into a form.
    /// </summary>
    public static void Fill(this IArchiveAndHukouInput f, ArchiveAndHukou? value) => value?.WriteTo(f);
}
