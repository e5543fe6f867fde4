using WllmSign.Domain.Common;
using WllmSign.Domain.Students;

namespace WllmSign.Tests.Domain.Students;

public sealed class RosterChoicesTests
{
    private const string Id = "420102200403151232";

    private static Student Student(string degree) =>
        new(1, 2027, "张三", Id[..17] + IdNumber.ComputeCheck(Id.AsSpan(0, 17)), "S1", "计算机学院", "软件工程", degree);

    [Fact]
    public void A_roster_degree_is_one_of_the_templates_degrees()
    {
        Assert.All(RosterChoices.Degrees, d => Assert.Equal(d, Student(d).Degree));
        var ex = Assert.Throws<DomainException>(() => Student("小学毕业"));
        Assert.Equal(RosterChoices.DegreeMessage, ex.Message);
    }

    [Fact]
    public void An_imported_political_status_is_blank_or_one_of_the_templates_list()
    {
        Assert.Null(RosterChoices.RequirePoliticalStatus(" "));
        Assert.Equal("群众", RosterChoices.RequirePoliticalStatus(" 群众 "));
        Assert.Equal(RosterChoices.PoliticalStatusMessage, Assert.Throws<DomainException>(() => RosterChoices.RequirePoliticalStatus("外星人")).Message);
    }

    [Fact]
    public void Full_width_digits_and_x_are_the_same_id_number()
    {
        Assert.Equal("123ABx ", Text.ToHalfWidth("１２３ＡＢｘ　"));
        var id = Id[..17] + IdNumber.ComputeCheck(Id.AsSpan(0, 17));
        var wide = new string(id.Select(ch => (char)(ch + 0xFEE0)).ToArray());
        Assert.Equal(id, IdNumber.Parse(wide).Value);
    }
}
