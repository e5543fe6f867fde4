using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Portal.Features.Invitations;

namespace WllmSign.Tests.Features.Invitations;

/// <summary>邀请函's 拟聘用职位: picked from the common positions, or 其他 with the position typed.</summary>
public sealed class LetterFormTests
{
    private static readonly SigningInfo Info = SigningInfo.Create("其他企业", "湖北省 - 武汉市", SigningInfoOptions.ArchiveNotReceived,
        null, null, null, null, null, SigningInfoOptions.HukouNotReceived, null);

    [Fact]
    public void A_picked_common_position_is_the_letters_position()
    {
        var draft = new LetterForm { PositionChoice = "测试工程师", Position = "left over from 其他" }.ToDraft(Info);
        Assert.Equal("测试工程师", draft.Position);
    }

    [Fact]
    public void With_other_the_typed_position_is_the_letters_position()
    {
        var draft = new LetterForm { PositionChoice = CommonPositions.Other, Position = "PHP前端工程师" }.ToDraft(Info);
        Assert.Equal("PHP前端工程师", draft.Position);
    }

    [Fact]
    public void A_position_not_in_the_list_is_refused_by_name()
    {
        var ex = Assert.Throws<DomainException>(() => new LetterForm { PositionChoice = "董事长" }.ToDraft(Info));
        Assert.Equal("拟聘用职位“董事长”不在可选范围内", ex.Message);
    }
}
