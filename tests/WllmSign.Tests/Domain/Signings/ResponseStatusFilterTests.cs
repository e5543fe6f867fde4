using WllmSign.Domain.Signings;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>The 请选择应约状态 filter agrees with the 应约状态 words for every state, including an invitation past its deadline.</summary>
public sealed class ResponseStatusFilterTests
{
    public static TheoryData<Scenario> Scenarios() => new(Enum.GetValues<Scenario>());

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Response_status_filter_selects_exactly_the_signings_showing_that_word(Scenario scenario)
    {
        var (signing, now) = SigningTestData.Build(scenario);
        var shown = SigningStatusText.ResponseText(signing, now);
        foreach (var label in ResponseStatusFilter.Labels)
            Assert.Equal(label == shown, ResponseStatusFilter.Filter(label, now).Compile()(signing));
    }

    [Fact]
    public void Unknown_response_status_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseStatusFilter.Filter("已生效", DateTimeOffset.UtcNow));
}
