using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Portal.Features.Invitations;

namespace WllmSign.Tests.Features.Invitations;

/// <summary>邀请函's 拟聘用职位 (picked, or 其他 with the position typed) and its 档案/户口 (pre-filled, changeable per letter).</summary>
public sealed class LetterFormTests
{
    private static readonly SigningInfo Info = SigningInfo.Create("其他企业", "湖北省 - 武汉市", SigningInfoOptions.ArchiveForwarded,
        "武汉市人才服务中心", "武汉市江岸区", "430010", "王老师", "027-85771234", "人才服务机构集体户", "武汉市江岸区解放大道");

    [Fact]
    public void A_new_letter_is_pre_filled_with_the_confirmed_archive_and_hukou_information()
    {
        var f = LetterForm.For(new LetterContext("武汉测试有限公司", Info, "李女士", "027-87654321"));
        Assert.Equal((SigningInfoOptions.ArchiveForwarded, "武汉市人才服务中心", "武汉市江岸区", "430010", "王老师", "027-85771234", "人才服务机构集体户", "武汉市江岸区解放大道"),
            (f.ArchiveReceiving, f.ArchiveForwardUnit, f.ArchiveForwardAddress, f.ArchiveForwardPostcode, f.ArchiveForwardContact, f.ArchiveForwardPhone, f.HukouReceivingType, f.HukouAddress));
        Assert.Equal(("李女士", "027-87654321"), (f.ContactName, f.ContactPhone));
    }

    [Fact]
    public void The_draft_carries_the_archive_and_hukou_as_changed_on_this_letter()
    {
        var f = LetterForm.For(new LetterContext("武汉测试有限公司", Info, "李女士", "027-87654321"));
        f.ArchiveReceiving = SigningInfoOptions.ArchiveNotReceived;
        f.HukouReceivingType = SigningInfoOptions.HukouNotReceived;
        var draft = f.ToDraft();
        Assert.Equal((SigningInfoOptions.ArchiveNotReceived, SigningInfoOptions.HukouNotReceived), (draft.ArchiveReceiving, draft.HukouReceivingType));
        Assert.Equal(SigningInfoOptions.ArchiveForwarded, Info.ArchiveReceiving);
    }

    [Fact]
    public void A_picked_common_position_is_the_letters_position()
    {
        var draft = new LetterForm { PositionChoice = "测试工程师", Position = "left over from 其他" }.ToDraft();
        Assert.Equal("测试工程师", draft.Position);
    }

    [Fact]
    public void With_other_the_typed_position_is_the_letters_position()
    {
        var draft = new LetterForm { PositionChoice = CommonPositions.Other, Position = "PHP前端工程师" }.ToDraft();
        Assert.Equal("PHP前端工程师", draft.Position);
    }

    [Fact]
    public void A_position_not_in_the_list_is_refused_by_name()
    {
        var ex = Assert.Throws<DomainException>(() => new LetterForm { PositionChoice = "董事长" }.ToDraft());
        Assert.Equal("拟聘用职位“董事长”不在可选范围内", ex.Message);
    }
}
