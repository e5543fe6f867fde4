namespace WllmSign.Portal.Data;

/// <summary>The four roles of the portal and the area each lands in.</summary>
public static class Roles
{
    public const string Employer = "Employer";
    public const string Student = "Student";
    public const string SchoolAdmin = "SchoolAdmin";
    public const string AllianceAdmin = "AllianceAdmin";

    public static readonly string[] All = [Employer, Student, SchoolAdmin, AllianceAdmin];

    public static string HomeOf(string role) => role switch
    {
        Employer => "/employer",
        Student => "/student",
        SchoolAdmin => "/school",
        AllianceAdmin => "/admin",
        _ => "/",
    };

    /// <summary>The words of the top bar: "单位用户中心" etc.</summary>
    public static string CentreName(string role) => role switch
    {
        Employer => "单位用户中心",
        Student => "学生用户中心",
        SchoolAdmin => "学校用户中心",
        AllianceAdmin => "联盟管理中心",
        _ => "",
    };

    public static string ChineseName(string role) => role switch
    {
        Employer => "单位",
        Student => "学生",
        SchoolAdmin => "学校",
        AllianceAdmin => "联盟",
        _ => role,
    };
}
