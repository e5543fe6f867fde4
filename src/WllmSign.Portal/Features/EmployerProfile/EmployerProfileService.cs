namespace WllmSign.Portal.Features.EmployerProfile;

/// <summary>The inputs of 签约信息确认 (manual 2.1), bound by the form; validated by <see cref="SigningInfo.Create"/>.</summary>
public sealed class SigningInfoForm : ArchiveAndHukouInputs
{
    public string? Nature { get; set; }
    /// <summary>单位所在地: province and city pickers, stored as "省 - 市".</summary>
    public string? Province { get; set; }
    public string? City { get; set; }

    public static SigningInfoForm From(SigningInfo? info)
    {
        if (info is null) return new SigningInfoForm();
        Regions.TrySplit(info.Location, out var province, out var city);
        var form = new SigningInfoForm
        {
            Nature = info.Nature,
            Province = province.Length > 0 ? province : null,
            City = city.Length > 0 ? city : null,
        };
        form.Fill(info.ArchiveAndHukou);
        return form;
    }

    /// <summary>The domain's signing information, or a <see cref="DomainException"/> naming the first wrong field.</summary>
    public SigningInfo ToSigningInfo()
    {
        if (string.IsNullOrWhiteSpace(Nature)) throw new DomainException("请选择单位性质");
        if (string.IsNullOrWhiteSpace(Province) || string.IsNullOrWhiteSpace(City)) throw new DomainException("请选择单位所在地的省份和城市");
        var location = Regions.Format(Province, City);
        if (!Regions.IsKnown(location)) throw new DomainException("单位所在地的城市不在所选省份内");
        return SigningInfo.Create(Nature, location, this);
    }
}

/// <summary>The unit profile of 基本信息维护: 行业, 规模, 通讯地址, 邮编.</summary>
public sealed class UnitProfileForm
{
    public string? Industry { get; set; }
    public string? Size { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
}

public sealed record EmployerProfileView(string Name, string CreditCode, string ContactName, string ContactPhone, string Email,
    bool Confirmed, SigningInfoForm SigningInfo, UnitProfileForm Profile);

/// <summary>Code lists of 基本信息维护.</summary>
public static class UnitProfileOptions
{
    /// <summary>所属行业: the sections (门类) of GB/T 4754-2017.</summary>
    public static readonly string[] Industries =
    [
        "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
        "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
        "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
        "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织",
    ];

    /// <summary>规模.</summary>
    public static readonly string[] Sizes = ["少于50人", "50-150人", "150-500人", "500-1000人", "1000人以上"];
}

/// <summary>签约信息确认 (rule 13) and 基本信息维护 for the signed-in employer only.</summary>
public sealed class EmployerProfileService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Whether the employer has confirmed its signing information (rule 13).</summary>
    public async Task<bool> IsConfirmedAsync(CurrentUser user)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Employers.Where(e => e.Id == employerId).Select(e => e.SigningInfo != null).SingleAsync();
    }

    public async Task<EmployerProfileView> GetAsync(CurrentUser user)
    {
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var e = await db.Employers.AsNoTracking().SingleAsync(x => x.Id == employerId);
        return new EmployerProfileView(e.Name, e.CreditCode, e.ContactName, e.ContactPhone, e.Email, e.SigningInfoConfirmed,
            SigningInfoForm.From(e.SigningInfo),
            new UnitProfileForm { Industry = e.Industry, Size = e.Size, Address = e.Address, Postcode = e.Postcode });
    }

    /// <summary>签约信息确认 (first time) or its later change; throws <see cref="DomainException"/> on bad input and changes nothing.</summary>
    public async Task ConfirmSigningInfoAsync(CurrentUser user, SigningInfoForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var employerId = user.RequireEmployer();
        var info = form.ToSigningInfo();
        await using var db = await dbFactory.CreateDbContextAsync();
        var employer = await db.Employers.SingleAsync(x => x.Id == employerId);
        employer.ConfirmSigningInfo(info, clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async Task UpdateProfileAsync(CurrentUser user, UnitProfileForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var employerId = user.RequireEmployer();
        await using var db = await dbFactory.CreateDbContextAsync();
        var employer = await db.Employers.SingleAsync(x => x.Id == employerId);
        employer.UpdateProfile(form.Industry, form.Size, form.Address, form.Postcode);
        await db.SaveChangesAsync();
    }
}
