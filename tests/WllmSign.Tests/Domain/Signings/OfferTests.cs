using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using static WllmSign.Tests.Domain.Signings.SigningTestData;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>Rule 11: the terms of the 邀请函.</summary>
public class OfferTests
{
    private static string Refusal(Action<OfferDraft> change, DateOnly? today = null)
    {
        var d = Draft();
        change(d);
        return Assert.Throws<DomainException>(() => Offer.Create(d, today ?? Today)).Message;
    }

    [Fact]
    public void Valid_letter_keeps_every_term()
    {
        var d = Draft();
        d.ArchiveReceiving = "转寄其他单位";
        d.ArchiveForwardUnit = "武汉市人才服务中心";
        d.ArchiveForwardAddress = "武汉市江汉区发展大道";
        d.ArchiveForwardPostcode = "430015";
        d.ArchiveForwardContact = "李老师";
        d.ArchiveForwardPhone = "027-85712345";
        d.HukouReceivingType = "单位集体户";
        d.HukouAddress = "武汉市洪山区";
        var o = Offer.Create(d, Today);
        Assert.Equal(("软件开发", "PHP前端工程师", 5, 60, 4000, 5000, 1000), (o.JobCategory, o.Position, o.FeedbackDays, o.ProbationDays, o.ProbationSalary, o.RegularSalary, o.Penalty));
        Assert.Equal(("湖北省武汉市", new DateOnly(2026, 7, 1), "武汉市洪山区街道口银泰创意城1708室", "董先生", "15821082340"),
            (o.ReportPlace, o.ReportDeadline, o.WorkPlace, o.ContactName, o.ContactPhone));
        Assert.Equal(("转寄其他单位", "武汉市人才服务中心", "武汉市江汉区发展大道", "430015", "李老师", "027-85712345", "单位集体户", "武汉市洪山区"),
            (o.ArchiveAndHukou.ArchiveReceiving, o.ArchiveAndHukou.ArchiveForwardUnit, o.ArchiveAndHukou.ArchiveForwardAddress, o.ArchiveAndHukou.ArchiveForwardPostcode, o.ArchiveAndHukou.ArchiveForwardContact,
             o.ArchiveAndHukou.ArchiveForwardPhone, o.ArchiveAndHukou.HukouReceivingType, o.ArchiveAndHukou.HukouAddress));
    }

    [Fact]
    public void Offer_is_immutable()
    {
        Assert.All(typeof(Offer).GetProperties(), p => Assert.False(p.SetMethod?.IsPublic ?? false, p.Name));
    }

    [Fact]
    public void Feedback_period_defaults_to_5_days() => Assert.Equal(5, new OfferDraft().FeedbackDays);

    [Fact]
    public void Position_and_category_are_required()
    {
        Assert.Equal("请选择工作职位类别", Refusal(d => d.JobCategory = " "));
        Assert.Equal("请输入拟聘用职位", Refusal(d => d.Position = null));
    }

    [Fact]
    public void Position_is_at_most_50_characters()
    {
        var d = Draft();
        d.Position = new string('岗', 50);
        Assert.Equal(50, Offer.Create(d, Today).Position.Length);
        Assert.Equal("拟聘用职位不能超过50个字", Refusal(x => x.Position = new string('岗', 51)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(-1)]
    public void Feedback_period_outside_1_to_30_days_is_refused(int days) =>
        Assert.Equal("反馈有效期应为1至30天", Refusal(d => d.FeedbackDays = days));

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public void Feedback_period_of_1_or_30_days_is_accepted(int days)
    {
        var d = Draft();
        d.FeedbackDays = days;
        Assert.Equal(days, Offer.Create(d, Today).FeedbackDays);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(181)]
    public void Probation_outside_0_to_180_days_is_refused(int days) =>
        Assert.Equal("试用期应为0至180天", Refusal(d => d.ProbationDays = days));

    [Theory]
    [InlineData(0)]
    [InlineData(180)]
    public void Probation_of_0_or_180_days_is_accepted(int days)
    {
        var d = Draft();
        d.ProbationDays = days;
        Assert.Equal(days, Offer.Create(d, Today).ProbationDays);
    }

    [Fact]
    public void Empty_numbers_are_reported_as_missing_not_read_as_zero()
    {
        Assert.Equal("请输入反馈有效期", Refusal(d => d.FeedbackDays = null));
        Assert.Equal("请输入试用期", Refusal(d => d.ProbationDays = null));
        Assert.Equal("请输入试用起薪", Refusal(d => d.ProbationSalary = null));
        Assert.Equal("请输入转正起薪", Refusal(d => d.RegularSalary = null));
        Assert.Equal("请输入违约金", Refusal(d => d.Penalty = null));
        Assert.Equal("请选择报到期限", Refusal(d => d.ReportDeadline = null));
    }

    [Theory]
    [InlineData(0, 5000, "试用起薪应为正整数（元/月）")]
    [InlineData(-100, 5000, "试用起薪应为正整数（元/月）")]
    [InlineData(4000, 0, "转正起薪应为正整数（元/月）")]
    public void Salaries_must_be_positive_integers(int probation, int regular, string message) =>
        Assert.Equal(message, Refusal(d => { d.ProbationSalary = probation; d.RegularSalary = regular; }));

    [Theory]
    [InlineData(3999, 5000)]
    [InlineData(4000, 5001)]
    [InlineData(1, 2)]
    public void Rule11_probation_pay_below_80_percent_is_refused(int probation, int regular) =>
        Assert.Equal("试用起薪不得低于转正起薪的80%（《劳动合同法》第二十条）",
            Refusal(d => { d.ProbationSalary = probation; d.RegularSalary = regular; }));

    [Theory]
    [InlineData(4000, 5000)]
    [InlineData(4001, 5001)]
    [InlineData(6000, 5000)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void Probation_pay_of_at_least_80_percent_is_accepted(int probation, int regular)
    {
        var d = Draft();
        d.ProbationSalary = probation;
        d.RegularSalary = regular;
        Assert.Equal(probation, Offer.Create(d, Today).ProbationSalary);
    }

    [Fact]
    public void Negative_penalty_is_refused_and_zero_is_allowed()
    {
        Assert.Equal("违约金不能为负数", Refusal(d => d.Penalty = -1));
        var d = Draft();
        d.Penalty = 0;
        Assert.Equal(0, Offer.Create(d, Today).Penalty);
    }

    [Fact]
    public void Rule11_report_deadline_must_be_in_the_future()
    {
        Assert.Equal("报到期限必须晚于今天", Refusal(d => d.ReportDeadline = Today));
        Assert.Equal("报到期限必须晚于今天", Refusal(d => d.ReportDeadline = Today.AddDays(-1)));
        var d = Draft();
        d.ReportDeadline = Today.AddDays(1);
        Assert.Equal(Today.AddDays(1), Offer.Create(d, Today).ReportDeadline);
    }

    [Fact]
    public void Places_and_contact_are_required()
    {
        Assert.Equal("请选择报到地点", Refusal(d => d.ReportPlace = ""));
        Assert.Equal("请输入实际工作地点", Refusal(d => d.WorkPlace = ""));
        Assert.Equal("请输入签约联系人", Refusal(d => d.ContactName = null));
    }

    [Theory]
    [InlineData("1582108234")]
    [InlineData("25821082340")]
    [InlineData("phone")]
    public void Phone_numbers_must_be_well_formed(string phone) =>
        Assert.Equal("联系电话格式不正确（手机号为11位数字，固定电话如 027-87654321）", Refusal(d => d.ContactPhone = phone));

    [Theory]
    [InlineData("15821082340")]
    [InlineData("027-87654321")]
    public void Mobile_and_landline_phones_are_accepted(string phone)
    {
        var d = Draft();
        d.ContactPhone = phone;
        Assert.Equal(phone, Offer.Create(d, Today).ContactPhone);
    }

    [Fact]
    public void Archive_and_hukou_on_the_letter_follow_the_signing_information_rules()
    {
        // The letter may change what 签约信息确认 pre-filled; the rules and messages are the same (ArchiveAndHukou).
        Assert.Equal("档案转递邮编应为6位数字", Refusal(d => Forwarded(d).ArchiveForwardPostcode = "4300"));
        Assert.Equal("档案转递联系电话格式不正确（手机号为11位数字，固定电话如 027-87654321）", Refusal(d => Forwarded(d).ArchiveForwardPhone = "12345"));
        Assert.Equal("请输入档案转寄单位名称", Refusal(d => Forwarded(d).ArchiveForwardUnit = " "));
        Assert.Equal("档案接收“转寄”不在可选范围内", Refusal(d => d.ArchiveReceiving = "转寄"));
        Assert.Equal("请选择档案接收", Refusal(d => d.ArchiveReceiving = null));
        Assert.Equal("请选择户口接收类型", Refusal(d => d.HukouReceivingType = " "));
        Assert.Equal("请输入户口接收地址", Refusal(d => d.HukouReceivingType = "单位集体户"));
    }

    [Fact]
    public void Forwarding_details_of_an_archive_not_received_are_dropped()
    {
        var d = Forwarded(Draft());
        d.ArchiveReceiving = "单位不接收";
        var o = Offer.Create(d, Today);
        Assert.Equal(("单位不接收", null, null, null), (o.ArchiveAndHukou.ArchiveReceiving, o.ArchiveAndHukou.ArchiveForwardUnit, o.ArchiveAndHukou.ArchiveForwardPostcode, o.ArchiveAndHukou.ArchiveForwardPhone));
    }

    private static OfferDraft Forwarded(OfferDraft d)
    {
        d.ArchiveReceiving = "转寄其他单位";
        d.ArchiveForwardUnit = "武汉市人才服务中心";
        d.ArchiveForwardAddress = "武汉市江汉区发展大道";
        d.ArchiveForwardPostcode = "430015";
        d.ArchiveForwardContact = "李老师";
        d.ArchiveForwardPhone = "027-85712345";
        return d;
    }
}
