namespace WllmSign.Portal.Features.Agreements;

/// <summary>协议内容: the preamble and clauses 一 to 八, with the letter's terms written into clauses 三 and 五.</summary>
public static class AgreementClauses
{
    public const string Preamble =
        "甲乙双方按照国家毕业生就业政策及相关规定，遵守诚实守信原则，在平等自愿、协商一致基础上，达成如下协议：";

    /// <summary>The clauses in the manual's wording (its sample 协议书); clause 五 names the letter's 违约金 or, when it is 0, "另行约定".</summary>
    public static IReadOnlyList<string> For(AgreementTerms t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var c = CultureInfo.InvariantCulture;
        var penalty = t.Penalty > 0 ? string.Create(c, $"违约金为{t.Penalty}元") : "违约金另行约定";
        return
        [
            "一、甲方如实向乙方介绍本单位情况，以及乙方应聘（聘）工作岗位情况，现通过对乙方的了解、考核，同意录（聘）用乙方；乙方如实向甲方介绍自己的情况，现通过对甲方的了解，愿意到甲方就业并在本协议约定期限内报到。",
            "二、本协议是甲乙双方在正式确立劳动人事关系前，经双向选择，双方互为确认对方相关信息真实可靠并承诺在本协议规定的期限内建立劳动人事就业关系的依据。",
            string.Create(c, $"三、甲方录（聘）用乙方工作岗位为{t.Position}，工作地点为{t.WorkPlace}，报到期限为{Date(t.ReportDeadline)}前，报到地点为{t.ReportPlace}。") +
            string.Create(c, $"乙方被录（聘）用后，试用期为{t.ProbationDays}天，试用期起薪为{t.ProbationSalary}元/月，转正后起薪为{t.RegularSalary}元/月。") +
            "甲方录（聘）用乙方工作期间，甲方按国家法律、法规、政策规定为乙方缴纳社会保险（包括养老、医疗、失业、工伤、生育等保险），提供相关的福利，以及符合国家规定的劳动安全卫生条件和劳动防护用品。",
            "四、当乙方因录用为公务员、升学（留学）、参加国家及地方政府项目（选调生、选聘生、大学生志愿服务西部计划、“三支一扶”、农村特岗教师计划、入伍等）就业，而无法履行本协议的，双方另行约定。",
            $"五、甲乙双方应全面履行协议。一方违约，另一方可依法追究其违约责任，并要求其赔偿违约金，{penalty}。" +
            "如甲方或乙方未如实向对方介绍与签订本协议相关的己方情况或隐瞒不良事实，足以影响对方签约意愿的，对方可单方解除本协议，不承担违约责任。",
            "六、甲乙双方协商一致，可以变更协议中双方约定的条款或解除协议。变更或解除协议，应采用书面形式，由甲乙双方各执一份。符合下列情况之一，经书面告知对方后，本协议解除：1、甲方被撤销或依法宣告破产；2、乙方报到时未取得毕业资格；3、乙方被判处拘役以上刑罚或者被劳动教养；4、法律、法规、政策规定的其它情况。",
            "七、甲乙双方因履行本协议发生争议，由甲、乙双方协商解决，或提请有关部门协调解决，也可向人民法院提起诉讼。",
            "八、未尽事宜，由甲乙双方依照有关法律、法规和规章另行约定。另行约定事宜，视为本协议的一部分。",
        ];
    }

    /// <summary>2027年7月1日.</summary>
    public static string Date(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");
}
