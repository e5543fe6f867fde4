using System.Linq.Expressions;

namespace WllmSign.Domain.Signings;

/// <summary>
/// The "请选择应约状态" filter of the employer's lists: which stored statuses (and deadlines) show each
/// 应约状态 word of <see cref="SigningStatusText.ResponseText(SigningStatus)"/>, as an expression EF Core
/// can translate. An Invited row past its deadline reads 已过期, not 待应约; a test checks that the filter
/// and the words agree for every state.
/// </summary>
public static class ResponseStatusFilter
{
    public const string AwaitingResponse = "待应约";
    public const string Signed = "双方已签约";
    public const string Declined = "学生已拒绝";
    public const string Expired = "已过期";
    public const string Withdrawn = "单位已撤回";

    /// <summary>The choices of the drop-down, in the order docs/rules.md lists them.</summary>
    public static IReadOnlyList<string> Labels { get; } = [AwaitingResponse, Signed, Declined, Expired, Withdrawn];

    /// <summary>Signings whose 应约状态 at <paramref name="now"/> is <paramref name="label"/>.</summary>
    public static Expression<Func<Signing, bool>> Filter(string label, DateTimeOffset now)
    {
        switch (label)
        {
            case AwaitingResponse:
                return SigningStatuses.EffectiveStatusIs(SigningStatus.Invited, now);
            case Expired:
                return SigningStatuses.EffectiveStatusIs(SigningStatus.Expired, now);
            case Signed or Declined or Withdrawn:
                // Every stored status (other than Invited, handled above) whose word is the label.
                var statuses = Enum.GetValues<SigningStatus>()
                    .Where(st => st is not SigningStatus.Invited and not SigningStatus.Expired && SigningStatusText.ResponseText(st) == label)
                    .ToArray();
                // Enumerable.Contains spelled out: C# 14 binds array.Contains to the span overload in expression trees.
                return s => Enumerable.Contains(statuses, s.Status);
            default:
                throw new ArgumentOutOfRangeException(nameof(label), label, "未知的应约状态");
        }
    }
}
