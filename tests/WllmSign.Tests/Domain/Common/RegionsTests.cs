using WllmSign.Domain.Common;

namespace WllmSign.Tests.Domain.Common;

/// <summary>The province and city pickers: 34 provincial-level divisions, places stored as "省 - 市".</summary>
public sealed class RegionsTests
{
    [Fact]
    public void All_34_provincial_level_divisions_are_listed_each_with_its_cities()
    {
        Assert.Equal(34, Regions.All.Count);
        Assert.Equal(34, Regions.Provinces.Distinct().Count());
        Assert.All(Regions.All, p => Assert.NotEmpty(p.Cities));
        Assert.Contains("武汉市", Regions.CitiesOf("湖北省"));
        Assert.Equal(["上海市"], Regions.CitiesOf("上海市"));
        Assert.Empty(Regions.CitiesOf("火星省"));
    }

    [Fact]
    public void A_place_is_stored_as_province_dash_city_and_only_known_pairs_are_accepted()
    {
        Assert.True(Regions.IsKnown("上海市 - 上海市"));
        Assert.True(Regions.TrySplit("湖北省 - 恩施土家族苗族自治州", out var p, out var c));
        Assert.Equal(("湖北省", "恩施土家族苗族自治州"), (p, c));
        Assert.False(Regions.IsKnown("湖北省 - 南京市"));
        Assert.False(Regions.IsKnown("湖北省武汉市"));
        Assert.Equal("湖北省 - 武汉市 洪山区街道口", Regions.Place("湖北省", "武汉市", " 洪山区街道口 ", "报到地点", 100));
        Assert.Equal("请选择报到地点的省份和城市", Assert.Throws<DomainException>(() => Regions.Place("湖北省", null, "x", "报到地点", 100)).Message);
        Assert.Equal("报到地点的城市不在所选省份内", Assert.Throws<DomainException>(() => Regions.Place("湖北省", "南京市", null, "报到地点", 100)).Message);
    }
}
