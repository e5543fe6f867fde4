namespace WllmSign.Portal.Data;

/// <summary>A sign-in account. Exactly one of the role links is set, by the role the account has.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>The name shown in the top bar and the process trail (unit name, student name, admin name).</summary>
    public string DisplayName { get; set; } = "";

    public int? EmployerId { get; set; }
    public int? StudentId { get; set; }
    /// <summary>For a school admin: the school whose data they see.</summary>
    public int? SchoolId { get; set; }

    /// <summary>This sign-in (UTC) and the client address it came from.</summary>
    public DateTimeOffset? LastLoginAt { get; set; }
    public string? LastLoginIp { get; set; }
    /// <summary>The sign-in before this one: what 上次登录时间 / 上次登录IP show.</summary>
    public DateTimeOffset? PreviousLoginAt { get; set; }
    public string? PreviousLoginIp { get; set; }

    /// <summary>Records a successful sign-in, keeping the previous one for 上次登录.</summary>
    public void RecordLogin(DateTimeOffset now, string? ip)
    {
        PreviousLoginAt = LastLoginAt;
        PreviousLoginIp = LastLoginIp;
        LastLoginAt = now;
        LastLoginIp = ip;
    }
}
