namespace WllmSign.Domain.Signings;

/// <summary>
/// One line of the process trail (流程追踪): who did what, when, with which remark. Entries are only
/// ever appended by <see cref="Signing"/>; nothing edits or deletes them (rule 10).
/// </summary>
public sealed class ProcessTrailEntry
{
    /// <summary>用户名称: the unit name, "学生本人", the admin's user name, or "系统".</summary>
    public string ActorName { get; private set; } = "";

    /// <summary>时间, UTC. Shown in China time.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>操作, e.g. "发起邀约", "同意签约，待管理员鉴证" (see <see cref="TrailActions"/>).</summary>
    public string Action { get; private set; } = "";

    /// <summary>备注; null when there is none (the page shows "无").</summary>
    public string? Remark { get; private set; }

    /// <summary>For EF Core.</summary>
    private ProcessTrailEntry() { }

    internal ProcessTrailEntry(string actorName, DateTimeOffset at, string action, string? remark)
    {
        ActorName = actorName;
        At = at.ToUniversalTime();
        Action = action;
        Remark = remark;
    }
}

/// <summary>The words of the 操作 column of the process trail.</summary>
public static class TrailActions
{
    public const string Invite = "发起邀约";
    public const string Accept = "同意签约，待管理员鉴证";
    public const string Decline = "拒绝签约";
    public const string Withdraw = "单位撤回邀约";
    public const string Expire = "邀约已过期";
    public const string ApproveVerification = "签约鉴证通过";
    public const string RejectVerification = "签约鉴证不通过";
    public const string StudentRequestsTermination = "学生申请解约";
    public const string EmployerRequestsTermination = "单位申请解约";
    public const string AgreeTermination = "同意解约，待管理员鉴证";
    public const string RejectTermination = "拒绝解约";
    public const string ApproveTermination = "解约鉴证通过";
    public const string RejectTerminationVerification = "解约鉴证不通过";
}
