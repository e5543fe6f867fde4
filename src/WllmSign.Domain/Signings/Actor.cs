using WllmSign.Domain.Common;

namespace WllmSign.Domain.Signings;

public enum ActorKind
{
    Employer = 0,
    Student = 1,
    SchoolAdmin = 2,
    System = 3,
}

/// <summary>
/// Who performs an action on a signing, as the caller established it from the signed-in user (never
/// from a form field). <see cref="DisplayName"/> is what the process trail (流程追踪) shows.
/// </summary>
public sealed record Actor
{
    public ActorKind Kind { get; }

    /// <summary>The employer id, student id or school id of the actor; 0 for <see cref="System"/>.</summary>
    public int Id { get; }

    /// <summary>The unit name, "学生本人", the admin's user name, or "系统".</summary>
    public string DisplayName { get; }

    private Actor(ActorKind kind, int id, string displayName)
    {
        Kind = kind;
        Id = id;
        DisplayName = displayName;
    }

    /// <summary>The unit (单位) <paramref name="employerId"/>; the trail shows its <paramref name="unitName"/>.</summary>
    public static Actor Employer(int employerId, string unitName) =>
        new(ActorKind.Employer, employerId, Text.Required(unitName, "单位名称", 60));

    /// <summary>The student <paramref name="studentId"/>; the trail shows "学生本人".</summary>
    public static Actor Student(int studentId) => new(ActorKind.Student, studentId, StudentDisplayName);

    /// <summary>An admin of school <paramref name="schoolId"/>; the trail shows <paramref name="userName"/>.</summary>
    public static Actor SchoolAdmin(int schoolId, string userName) =>
        new(ActorKind.SchoolAdmin, schoolId, Text.Required(userName, "管理员用户名", 60));

    /// <summary>The portal itself (the expiry job); the trail shows "系统".</summary>
    public static Actor System { get; } = new(ActorKind.System, 0, SystemDisplayName);

    public const string StudentDisplayName = "学生本人";
    public const string SystemDisplayName = "系统";

    public bool IsEmployer(int employerId) => Kind == ActorKind.Employer && Id == employerId;
    public bool IsStudent(int studentId) => Kind == ActorKind.Student && Id == studentId;
    public bool IsAdminOf(int schoolId) => Kind == ActorKind.SchoolAdmin && Id == schoolId;
}
