namespace WllmSign.AllianceIdP;

/// <summary>One account on the alliance recruitment site: the unit behind it and its 统一社会信用代码.</summary>
public sealed record AllianceAccount(string Subject, string Email, string Password, string UnitName, string? CreditCode,
    string ContactName, string Phone);

/// <summary>The demo accounts of the stand-in alliance site (all with the password <see cref="Password"/>).</summary>
public static class AllianceAccounts
{
    public const string Password = "Alliance2026!";

    /// <summary>A unit that has never used the signing portal.</summary>
    public static readonly AllianceAccount NewUnit = new("alliance-1001", "hr@xinhang.test", Password,
        "武汉新航科技有限公司", "91420100MA4KXN7Q32", "李女士", "13871234567");

    /// <summary>The portal demo's employer (上海萃思软件有限公司): the alliance account links to its existing record.</summary>
    public static readonly AllianceAccount DemoEmployer = new("alliance-1002", "cuisi@alliance.test", Password,
        "上海萃思软件有限公司", "913101136915770276", "董先生", "15821082340");

    /// <summary>A second new unit (for a demo beside the tests).</summary>
    public static readonly AllianceAccount SecondUnit = new("alliance-1003", "hr@guanggu.test", Password,
        "武汉光谷数据有限公司", "91420111MA4F5R8H2W", "王先生", "027-87654321");

    /// <summary>A unit whose code fails the GB 32100 check digit (the alliance site holds a typo).</summary>
    public static readonly AllianceAccount BadCode = new("alliance-1004", "typo@alliance.test", Password,
        "武汉错码贸易有限公司", "91420106MA49L2KT0X", "赵先生", "13900001111");

    /// <summary>An account with no credit code at all (a person, not a unit).</summary>
    public static readonly AllianceAccount NoCode = new("alliance-1005", "person@alliance.test", Password,
        "个人用户", null, "钱先生", "13900002222");

    public static readonly IReadOnlyList<AllianceAccount> All = [NewUnit, DemoEmployer, SecondUnit, BadCode, NoCode];

    public static AllianceAccount? Find(string? email, string? password) =>
        All.FirstOrDefault(a => string.Equals(a.Email, email?.Trim(), StringComparison.OrdinalIgnoreCase) && a.Password == password);

    public static AllianceAccount? BySubject(string? subject) => All.FirstOrDefault(a => a.Subject == subject);
}
