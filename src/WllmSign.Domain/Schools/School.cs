using WllmSign.Domain.Common;

namespace WllmSign.Domain.Schools;

/// <summary>A member school of the alliance.</summary>
public sealed class School
{
    public int Id { get; private set; }
    /// <summary>学校代码 (the Ministry of Education's five-digit code).</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>城市, as the manual shows it: "湖北省 - 武汉市".</summary>
    public string City { get; private set; } = "";
    /// <summary>就业网名称.</summary>
    public string JobSiteName { get; private set; } = "";
    public bool IsActive { get; private set; } = true;

    /// <summary>The longest 学校名称, in characters.</summary>
    public const int NameMaxLength = 60;

    private School() { }

    public School(string code, string name, string city, string jobSiteName)
    {
        Update(code, name, city, jobSiteName);
    }

    public void Update(string code, string name, string city, string jobSiteName)
    {
        Code = Text.Required(code, "学校代码", 10);
        if (!Code.All(char.IsAsciiDigit)) throw new DomainException("学校代码只能是数字");
        Name = Text.Required(name, "学校名称", NameMaxLength);
        City = Text.Required(city, "城市", 40);
        JobSiteName = Text.Required(jobSiteName, "就业网名称", 60);
    }

    public void Deactivate() => IsActive = false;
    public void Activate() => IsActive = true;
}
