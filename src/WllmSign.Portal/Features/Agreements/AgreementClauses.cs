using System.Globalization;

namespace WllmSign.Portal.Features.Agreements;

/// <summary>协议内容: the preamble and clauses 一 to 八, with the letter's terms written into clauses 三 and 五.</summary>
public static class AgreementClauses
{
    public const string Preamble =
        "甲乙双方依据国家高校毕业生就业政策和有关规定，本着诚实信用、平等自愿、协商一致的原则，订立本协议，共同遵守：";

    public static IReadOnlyList<string> For(AgreementTerms t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var c = CultureInfo.InvariantCulture;
        return
        [
            "一、甲方已向乙方如实说明本单位的基本情况及拟录（聘）用岗位的工作内容，经考察同意录（聘）用乙方；乙方已向甲方如实说明本人情况，经了解愿意到甲方工作，并在本协议约定的期限内报到。",
            "二、本协议是甲乙双方经双向选择、确认彼此信息真实后，承诺在约定期限内建立劳动（人事）关系的书面依据，自生效之日起至双方正式建立劳动（人事）关系时止。",
            string.Create(c, $"三、甲方录（聘）用乙方的工作岗位为{t.Position}，工作地点为{t.WorkPlace}；乙方应于{Date(t.ReportDeadline)}前到{t.ReportPlace}报到。") +
            string.Create(c, $"试用期为{t.ProbationDays}天，试用期月薪为{t.ProbationSalary}元，转正后月薪为{t.RegularSalary}元。") +
            "乙方在甲方工作期间，甲方依照国家法律、法规和政策为乙方缴纳养老、医疗、失业、工伤、生育等社会保险，提供相应的福利待遇，以及符合国家规定的劳动安全卫生条件和劳动防护用品。",
            "四、乙方因被录用为公务员、升学或出国（境）留学、参加国家和地方政府组织的服务项目（如选调生、大学生志愿服务西部计划、“三支一扶”、农村特岗教师计划）或应征入伍等原因不能履行本协议的，由甲乙双方另行协商处理。",
            string.Create(c, $"五、甲乙双方应当全面履行本协议。任何一方违约的，守约方可以依法追究违约方的责任，违约方应向守约方支付违约金{t.Penalty}元。") +
            "一方未如实介绍与订立本协议有关的本方情况，或隐瞒足以影响对方签约意愿的不良事实的，对方可以单方解除本协议，且不承担违约责任。",
            "六、经甲乙双方协商一致，可以变更本协议的条款或解除本协议；变更或解除应当采用书面形式（含本系统的网上解约），并经学校鉴证。有下列情形之一的，一方书面通知对方后本协议解除：1.甲方被依法撤销或宣告破产；2.乙方报到时未取得毕业资格；3.乙方被判处拘役以上刑罚；4.法律、法规和政策规定的其他情形。",
            "七、甲乙双方因履行本协议发生争议的，应当协商解决；协商不成的，可以提请有关部门调解，也可以依法向人民法院提起诉讼。",
            "八、本协议未尽事宜，由甲乙双方依照法律、法规和规章另行约定，另行约定的内容为本协议的组成部分。本协议经甲乙双方网上签约、乙方所在学校鉴证后生效，双方可在网上签约系统查看、下载和打印。",
        ];
    }

    /// <summary>2027年7月1日.</summary>
    public static string Date(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");
}
