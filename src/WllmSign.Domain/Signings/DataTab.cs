using System.Linq.Expressions;

namespace WllmSign.Domain.Signings;

/// <summary>The five tabs of 数据管理.</summary>
public enum DataTab
{
    /// <summary>全部: every invitation.</summary>
    All = 0,
    /// <summary>待应约: Invited and still within the feedback period.</summary>
    AwaitingResponse = 1,
    /// <summary>已应约: AwaitingVerification, Effective and the termination states.</summary>
    Responded = 2,
    /// <summary>待解约: TerminationRequested.</summary>
    TerminationPending = 3,
    /// <summary>已解约: TerminationAwaitingVerification, Terminated.</summary>
    Terminated = 4,
}

/// <summary>
/// Which signings each 数据管理 tab lists (docs/rules.md), as an in-memory predicate, as the stored statuses
/// a database query filters on, and as an expression EF Core can translate. The three agree; a test
/// checks it.
/// </summary>
public static class DataTabs
{
    public static IReadOnlyList<DataTab> All { get; } = Enum.GetValues<DataTab>();

    private static readonly SigningStatus[] AllStatuses = Enum.GetValues<SigningStatus>();
    private static readonly SigningStatus[] AwaitingResponse = [SigningStatus.Invited];
    private static readonly SigningStatus[] Responded =
    [
        SigningStatus.AwaitingVerification, SigningStatus.Effective, SigningStatus.TerminationRequested,
        SigningStatus.TerminationAwaitingVerification, SigningStatus.Terminated,
    ];
    private static readonly SigningStatus[] TerminationPending = [SigningStatus.TerminationRequested];
    private static readonly SigningStatus[] Terminated = [SigningStatus.TerminationAwaitingVerification, SigningStatus.Terminated];

    /// <summary>
    /// The stored statuses a tab lists. <see cref="DataTab.AwaitingResponse"/> additionally needs
    /// <c>Deadline &gt; now</c> (<see cref="NeedsOpenDeadline"/>): an Invited row past its deadline is expired.
    /// </summary>
    public static IReadOnlyList<SigningStatus> Statuses(DataTab tab) => tab switch
    {
        DataTab.All => AllStatuses,
        DataTab.AwaitingResponse => AwaitingResponse,
        DataTab.Responded => Responded,
        DataTab.TerminationPending => TerminationPending,
        DataTab.Terminated => Terminated,
        _ => throw new ArgumentOutOfRangeException(nameof(tab), tab, null),
    };

    /// <summary>Whether the tab also filters on the deadline being still ahead.</summary>
    public static bool NeedsOpenDeadline(DataTab tab) => tab == DataTab.AwaitingResponse;

    /// <summary>Whether a signing in <paramref name="effectiveStatus"/> is listed on <paramref name="tab"/>.</summary>
    public static bool Contains(DataTab tab, SigningStatus effectiveStatus) =>
        Statuses(tab).Contains(effectiveStatus);

    /// <summary>Whether <paramref name="signing"/> is listed on <paramref name="tab"/> at <paramref name="now"/>.</summary>
    public static bool Contains(DataTab tab, Signing signing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signing);
        return Contains(tab, signing.EffectiveStatus(now));
    }

    /// <summary>The filter of a tab for a database query (stored status, plus the deadline for 待应约).</summary>
    public static Expression<Func<Signing, bool>> Filter(DataTab tab, DateTimeOffset now)
    {
        if (tab == DataTab.All) return s => true;
        if (tab == DataTab.AwaitingResponse) return SigningStatuses.Open(now);
        var statuses = Statuses(tab).ToArray();
        // Enumerable.Contains spelled out: with C# 14 an array's .Contains binds to the span overload,
        // which a LINQ provider may not translate.
        return s => Enumerable.Contains(statuses, s.Status);
    }
}
