using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Portal.Components.Shared;
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
        Assert.Equal(SigningInfoOptions.ArchiveForwarded, Info.ArchiveAndHukou.ArchiveReceiving);
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

    // ---- A refusal shows at the field it names (decision 028)

    private static readonly DateOnly Today = new(2026, 12, 6);

    private static LetterForm Valid() => new()
    {
        JobCategory = "计算机与网络", PositionChoice = "测试工程师", FeedbackDays = 5, ProbationDays = 60, ProbationSalary = 4000,
        RegularSalary = 5000, Penalty = 1000, ReportProvince = "湖北省", ReportCity = "武汉市", ReportDetail = "洪山区",
        ReportDeadline = new DateTime(2027, 2, 1), WorkProvince = "湖北省", WorkCity = "武汉市", ContactName = "李女士",
        ContactPhone = "027-87654321", ArchiveReceiving = Info.ArchiveAndHukou.ArchiveReceiving, ArchiveForwardUnit = Info.ArchiveAndHukou.ArchiveForwardUnit,
        ArchiveForwardAddress = Info.ArchiveAndHukou.ArchiveForwardAddress, ArchiveForwardPostcode = Info.ArchiveAndHukou.ArchiveForwardPostcode,
        ArchiveForwardContact = Info.ArchiveAndHukou.ArchiveForwardContact, ArchiveForwardPhone = Info.ArchiveAndHukou.ArchiveForwardPhone,
        HukouReceivingType = Info.ArchiveAndHukou.HukouReceivingType, HukouAddress = Info.ArchiveAndHukou.HukouAddress,
    };

    public static TheoryData<string, string> Refusals => new()
    {
        { "no category", "工作职位类别" },
        { "其他 without a position", "拟聘用职位" },
        { "200 days of probation", "试用期" },
        { "probation pay below 80%", "试用起薪" },
        { "no regular pay", "转正起薪" },
        { "negative penalty", "违约金" },
        { "no report place", "报到地点" },
        { "report deadline today", "报到期限" },
        { "no work place", "实际工作地点" },
        { "bad contact phone", "联系电话" },
        { "bad archive phone", "档案转递联系电话" },
        { "short postcode", "档案转递邮编" },
        { "no hukou address", "户口接收地址" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_of_the_letter_marks_the_field_it_names(string change, string field)
    {
        var f = Valid();
        Action<LetterForm> apply = change switch
        {
            "no category" => x => x.JobCategory = null,
            "其他 without a position" => x => (x.PositionChoice, x.Position) = (CommonPositions.Other, " "),
            "200 days of probation" => x => x.ProbationDays = 200,
            "probation pay below 80%" => x => x.ProbationSalary = 3000,
            "no regular pay" => x => x.RegularSalary = null,
            "negative penalty" => x => x.Penalty = -1,
            "no report place" => x => (x.ReportProvince, x.ReportCity, x.ReportDetail) = (null, null, null),
            "report deadline today" => x => x.ReportDeadline = Today.ToDateTime(TimeOnly.MinValue),
            "no work place" => x => (x.WorkProvince, x.WorkCity) = (null, null),
            "bad contact phone" => x => x.ContactPhone = "12345",
            "bad archive phone" => x => x.ArchiveForwardPhone = "12345",
            "short postcode" => x => x.ArchiveForwardPostcode = "4300",
            "no hukou address" => x => x.HukouAddress = "",
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        Assert.Null(f.Refusal(Today));
        apply(f);

        var errors = new FieldErrors(LetterForm.FieldLabels);
        errors.Show(f.Refusal(Today)!);
        Assert.Equal(field, errors.Field);
        Assert.Equal(errors.Message, errors.For(field));
        Assert.All(LetterForm.FieldLabels.Where(l => l != field), l => Assert.False(errors.Has(l), l));
    }

    [Fact]
    public void The_marked_field_stays_marked_until_it_is_fixed()
    {
        var f = Valid();
        f.ProbationSalary = 3000;
        var errors = new FieldErrors(LetterForm.FieldLabels);
        errors.Show(f.Refusal(Today)!);
        Assert.Equal(("试用起薪", "试用起薪不得低于转正起薪的80%（《劳动合同法》第二十条）"), (errors.Field, errors.Message));

        f.ProbationSalary = 3900; // still below 4000
        Assert.False(errors.Recheck(f.Refusal(Today)));
        Assert.True(errors.Has("试用起薪"));

        f.ProbationSalary = null; // another refusal of the same field: its message follows
        Assert.True(errors.Recheck(f.Refusal(Today)));
        Assert.Equal("请输入试用起薪", errors.For("试用起薪"));

        f.ProbationSalary = 4000;
        Assert.True(errors.Recheck(f.Refusal(Today)));
        Assert.Equal((null, null), (errors.Field, errors.Message));
    }

    [Fact]
    public void A_refusal_naming_no_field_marks_none_and_stays_until_the_next_send()
    {
        var errors = new FieldErrors(LetterForm.FieldLabels);
        errors.Show(WllmSign.Domain.Signings.Signing.NotConfirmedMessage);
        Assert.Null(errors.Field);
        Assert.False(errors.Recheck(null));
        Assert.Equal(WllmSign.Domain.Signings.Signing.NotConfirmedMessage, errors.Message);
    }
}
