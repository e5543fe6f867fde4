using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Signings;
using static WllmSign.Tests.Domain.Signings.SigningTestData;

namespace WllmSign.Tests.Domain.Employers;

/// <summary>档案/户口: one set of rules for 签约信息确认 and for the letter that may change them (ArchiveAndHukou).</summary>
public class ArchiveAndHukouTests
{
    // 档案接收, unit, address, postcode, contact, phone, 户口接收类型, address
    public static TheoryData<string?, string?, string?, string?, string?, string?, string?, string?> Wrong => new()
    {
        { "转寄其他单位", "武汉市人才服务中心", "武汉市江岸区", "4300", "王老师", "027-85771234", "不接收", null },
        { "转寄其他单位", "武汉市人才服务中心", "武汉市江岸区", "430010", "王老师", "12345", "不接收", null },
        { "单位接收", null, "武汉市江岸区", "430010", "王老师", "027-85771234", "不接收", null },
        { "转寄", null, null, null, null, null, "不接收", null },
        { null, null, null, null, null, null, "不接收", null },
        { "单位不接收", null, null, null, null, null, "集体户", null },
        { "单位不接收", null, null, null, null, null, "单位集体户", " " },
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public void Rule13_signing_information_and_letter_refuse_the_same_archive_and_hukou_with_the_same_message(string? archive, string? unit,
        string? address, string? postcode, string? contact, string? phone, string? hukou, string? hukouAddress)
    {
        var onProfile = Assert.Throws<DomainException>(() => SigningInfo.Create("其他企业", "湖北省 - 武汉市", archive, unit, address, postcode,
            contact, phone, hukou, hukouAddress)).Message;
        var d = Draft();
        (d.ArchiveReceiving, d.ArchiveForwardUnit, d.ArchiveForwardAddress, d.ArchiveForwardPostcode, d.ArchiveForwardContact,
            d.ArchiveForwardPhone, d.HukouReceivingType, d.HukouAddress) = (archive, unit, address, postcode, contact, phone, hukou, hukouAddress);
        var onLetter = Assert.Throws<DomainException>(() => Offer.Create(d, Today)).Message;
        Assert.Equal(onProfile, onLetter);
        Assert.Equal(onProfile, Assert.Throws<DomainException>(() => ArchiveAndHukou.Create(archive, unit, address, postcode, contact, phone, hukou, hukouAddress)).Message);
    }

    [Fact]
    public void Rule13_signing_information_keeps_what_archive_and_hukou_accepted()
    {
        var info = SigningInfo.Create("其他企业", "湖北省 - 武汉市", " 转寄其他单位 ", "武汉市人才服务中心", "武汉市江岸区", "430010", "王老师",
            "027-85771234", "人才服务机构集体户", "武汉市江岸区解放大道");
        Assert.Equal(("转寄其他单位", "武汉市人才服务中心", "430010", "人才服务机构集体户", "武汉市江岸区解放大道"),
            (info.ArchiveAndHukou.ArchiveReceiving, info.ArchiveAndHukou.ArchiveForwardUnit, info.ArchiveAndHukou.ArchiveForwardPostcode, info.ArchiveAndHukou.HukouReceivingType, info.ArchiveAndHukou.HukouAddress));
    }
}
