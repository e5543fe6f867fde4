using WllmSign.Domain.Signings;

namespace WllmSign.Tests.Domain.Signings;

public sealed class EffectiveStatusFilterTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 2, 16, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SigningStatus.Invited, -1, SigningStatus.Invited, true)]
    [InlineData(SigningStatus.Invited, 0, SigningStatus.Invited, false)]
    [InlineData(SigningStatus.Invited, 0, SigningStatus.Expired, true)]
    [InlineData(SigningStatus.Expired, 5, SigningStatus.Expired, true)]
    [InlineData(SigningStatus.Invited, -1, SigningStatus.Expired, false)]
    [InlineData(SigningStatus.Effective, 5, SigningStatus.Effective, true)]
    [InlineData(SigningStatus.Effective, 5, SigningStatus.Invited, false)]
    public void Invited_past_its_deadline_is_filtered_as_expired_like_EffectiveStatus(SigningStatus stored, int secondsAfterDeadline, SigningStatus wanted, bool matches)
    {
        var now = Deadline.AddSeconds(secondsAfterDeadline);
        var predicate = SigningStatuses.EffectiveStatusIs(wanted, now).Compile();
        var signing = SigningWith(stored);
        Assert.Equal(matches, predicate(signing));
        Assert.Equal(matches, Signing.EffectiveStatus(stored, Deadline, now) == wanted);
    }

    /// <summary>A signing with only Status and Deadline set, for the predicate (private setters: reflection, test only).</summary>
    private static Signing SigningWith(SigningStatus status)
    {
        var s = (Signing)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(Signing));
        typeof(Signing).GetProperty(nameof(Signing.Status))!.SetValue(s, status);
        typeof(Signing).GetProperty(nameof(Signing.Deadline))!.SetValue(s, Deadline);
        return s;
    }
}
