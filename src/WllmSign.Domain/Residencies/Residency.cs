using WllmSign.Domain.Common;

namespace WllmSign.Domain.Residencies;

public enum ResidencyStatus { Pending = 0, Approved = 1, Rejected = 2 }

/// <summary>An employer's residency (入驻) at a school: pending until that school's admin decides.</summary>
public sealed class Residency
{
    public int Id { get; private set; }
    public int EmployerId { get; private set; }
    public int SchoolId { get; private set; }
    public ResidencyStatus Status { get; private set; }
    public DateTimeOffset AppliedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public string? Remark { get; private set; }
    /// <summary>Concurrency token renewed by every decision: two admins deciding at once cannot both win.</summary>
    public Guid Version { get; private set; }

    private Residency() { }

    public Residency(int employerId, int schoolId, DateTimeOffset now)
    {
        EmployerId = employerId;
        SchoolId = schoolId;
        Status = ResidencyStatus.Pending;
        AppliedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>Applying again after a rejection re-opens the same application.</summary>
    public void Reapply(DateTimeOffset now)
    {
        if (Status == ResidencyStatus.Approved) throw new DomainException("你已入驻该学校，无需重复申请");
        if (Status == ResidencyStatus.Pending) throw new DomainException("入驻申请正在审核中，请耐心等待");
        Status = ResidencyStatus.Pending;
        AppliedAt = now;
        DecidedAt = null;
        DecidedBy = null;
        Remark = null;
        Version = Guid.NewGuid();
    }

    public void Approve(string adminName, DateTimeOffset now)
    {
        if (Status != ResidencyStatus.Pending) throw new DomainException("该入驻申请已处理，请刷新后查看");
        Status = ResidencyStatus.Approved;
        DecidedAt = now;
        DecidedBy = adminName;
        Version = Guid.NewGuid();
    }

    public void Reject(string adminName, string? reason, DateTimeOffset now)
    {
        if (Status != ResidencyStatus.Pending) throw new DomainException("该入驻申请已处理，请刷新后查看");
        Remark = Text.Required(reason, "不通过原因", 200);
        Status = ResidencyStatus.Rejected;
        DecidedAt = now;
        DecidedBy = adminName;
        Version = Guid.NewGuid();
    }

    public bool IsApproved => Status == ResidencyStatus.Approved;

    /// <summary>The words of the 高校入驻 list: 审核中 / 已入驻 / 未通过.</summary>
    public static string StatusText(ResidencyStatus? status) => status switch
    {
        null => "未入驻",
        ResidencyStatus.Pending => "审核中",
        ResidencyStatus.Approved => "已入驻",
        ResidencyStatus.Rejected => "未通过",
        _ => "",
    };
}
