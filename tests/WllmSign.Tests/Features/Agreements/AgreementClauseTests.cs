using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>协议内容 in the manual's wording (its sample 协议书).</summary>
public sealed class AgreementClauseTests
{
    private static AgreementTerms Terms(int penalty) => new("网站运营", "河北省唐山市路南区", new DateOnly(2018, 11, 30), "江苏省仪征市", 20, 2000, 5000, penalty);

    [Fact]
    public void Preamble_and_clauses_follow_the_manuals_wording()
    {
        Assert.StartsWith("甲乙双方按照国家毕业生就业政策及相关规定，遵守诚实守信原则", AgreementClauses.Preamble, StringComparison.Ordinal);
        var clauses = AgreementClauses.For(Terms(1000));
        Assert.Equal(8, clauses.Count);
        Assert.Contains("三、甲方录（聘）用乙方工作岗位为网站运营，工作地点为河北省唐山市路南区，报到期限为2018年11月30日前，报到地点为江苏省仪征市。", clauses[2], StringComparison.Ordinal);
        Assert.Contains("试用期为20天，试用期起薪为2000元/月，转正后起薪为5000元/月。", clauses[2], StringComparison.Ordinal);
        Assert.StartsWith("五、甲乙双方应全面履行协议。一方违约，另一方可依法追究其违约责任，并要求其赔偿违约金，违约金为1000元。", clauses[4], StringComparison.Ordinal);
        Assert.StartsWith("七、甲乙双方因履行本协议发生争议，由甲、乙双方协商解决", clauses[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Clause_five_says_the_penalty_is_agreed_separately_when_the_letter_names_none()
    {
        var five = AgreementClauses.For(Terms(0))[4];
        Assert.Contains("并要求其赔偿违约金，违约金另行约定。", five, StringComparison.Ordinal);
        Assert.DoesNotContain("0元", five, StringComparison.Ordinal);
    }
}
