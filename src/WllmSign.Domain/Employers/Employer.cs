using WllmSign.Domain.Common;

namespace WllmSign.Domain.Employers;

/// <summary>A unit (单位) that signs graduates.</summary>
public sealed class Employer
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>统一社会信用代码 (GB 32100).</summary>
    public string CreditCode { get; private set; } = "";
    /// <summary>所属行业.</summary>
    public string? Industry { get; private set; }
    /// <summary>规模, e.g. "50-150人".</summary>
    public string? Size { get; private set; }
    /// <summary>通讯地址.</summary>
    public string? Address { get; private set; }
    public string? Postcode { get; private set; }
    public string ContactName { get; private set; } = "";
    public string ContactPhone { get; private set; } = "";
    public string Email { get; private set; } = "";
    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>签约信息 (rule 13): null until the employer confirms it.</summary>
    public SigningInfo? SigningInfo { get; private set; }
    public DateTimeOffset? SigningInfoConfirmedAt { get; private set; }
    public bool SigningInfoConfirmed => SigningInfo is not null;

    private Employer() { }

    public Employer(string name, string creditCode, string contactName, string contactPhone, string email, DateTimeOffset now)
    {
        Name = Text.Required(name, "单位名称", 60);
        CreditCode = Common.CreditCode.Parse(creditCode).Value;
        ContactName = Text.Required(contactName, "联系人", 30);
        ContactPhone = Text.Phone(contactPhone, "联系电话");
        Email = Text.Required(email, "邮箱", 100);
        if (!Text.IsEmail(Email)) throw new DomainException("邮箱格式不正确");
        RegisteredAt = now;
    }

    /// <summary>签约信息确认 (first time) and 基本信息维护 (later): the letters sent afterwards carry it.</summary>
    public void ConfirmSigningInfo(SigningInfo info, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(info);
        SigningInfo = info;
        SigningInfoConfirmedAt = now;
    }

    public void UpdateProfile(string? industry, string? size, string? address, string? postcode)
    {
        Industry = Text.Optional(industry, "所属行业", 60);
        Size = Text.Optional(size, "规模", 30);
        Address = Text.Optional(address, "通讯地址", 120);
        var pc = Text.Optional(postcode, "邮编", 6);
        if (pc is not null && !Text.IsPostcode(pc)) throw new DomainException("邮编应为6位数字");
        Postcode = pc;
    }
}
