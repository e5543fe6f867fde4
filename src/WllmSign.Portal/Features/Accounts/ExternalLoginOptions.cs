namespace WllmSign.Portal.Features.Accounts;

/// <summary>
/// One OpenID Connect identity provider (decision 023). <c>Authentication:Alliance</c> signs employers in with their
/// alliance account; <c>Authentication:Schools:&lt;学校代码&gt;</c> signs a school's students (and its alliance-created
/// admins) in with the campus identity system. A provider without an authority is not configured: nothing is registered.
/// </summary>
public sealed class ExternalProviderOptions
{
    /// <summary>The issuer, e.g. https://sso.91wllm.com/ (its /.well-known/openid-configuration is read at start).</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string[] Scopes { get; set; } = ["openid", "profile", "email", "phone"];
    /// <summary>The words of the login button.</summary>
    public string? DisplayName { get; set; }
    /// <summary>Alliance: the claim with the unit's 统一社会信用代码.</summary>
    public string CreditCodeClaim { get; set; } = "credit_code";
    /// <summary>Alliance: the claim with the contact person (联系人); the unit name is <c>name</c>, the phone <c>phone_number</c>.</summary>
    public string ContactNameClaim { get; set; } = "contact_name";
    /// <summary>School: the claim with the 学号 (matched against the school's roster).</summary>
    public string StudentNumberClaim { get; set; } = "student_number";
    /// <summary>School: the claim with the 身份证号 (used when no 学号 is given).</summary>
    public string IdNumberClaim { get; set; } = "id_number";
    /// <summary>Only for development against a provider on http://localhost; production keeps https.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>A configured provider as the portal uses it: its scheme, callback paths and whom it signs in.</summary>
public sealed record ExternalProvider(string Scheme, string DisplayName, ExternalProviderOptions Options, string? SchoolCode)
{
    public const string AllianceScheme = "alliance";
    public bool IsAlliance => SchoolCode is null;
    public string CallbackPath => "/signin-" + Scheme;
    public string SignedOutCallbackPath => "/signout-callback-" + Scheme;

    /// <summary>The origin the browser is sent to (the CSP's form-action must allow it).</summary>
    public string Origin => new Uri(Options.Authority).GetLeftPart(UriPartial.Authority);
}

/// <summary>The <c>Authentication</c> section: the providers (decision 023) and which roles may sign in with a password.</summary>
public sealed class ExternalLoginOptions
{
    public const string Section = "Authentication";

    /// <summary><c>Authentication:Alliance</c>.</summary>
    public ExternalProviderOptions? Alliance { get; set; }

    /// <summary><c>Authentication:Schools:&lt;学校代码&gt;</c>.</summary>
    public Dictionary<string, ExternalProviderOptions> Schools { get; set; } = [];

    /// <summary><c>Authentication:LocalLogin:&lt;Role&gt;</c> (a role not named: true).</summary>
    public Dictionary<string, bool> LocalLogin { get; set; } = [];
}

/// <summary>The configured providers and whether each role may still sign in with a local password.</summary>
public sealed class ExternalProviders
{
    private readonly Dictionary<string, bool> localLogin;

    public ExternalProviders(ExternalLoginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var list = new List<ExternalProvider>();
        if (options.Alliance is { IsConfigured: true } alliance)
            list.Add(new ExternalProvider(ExternalProvider.AllianceScheme, alliance.DisplayName ?? "使用联盟账号登录", alliance, null));
        foreach (var (code, school) in options.Schools)
        {
            if (school is not { IsConfigured: true }) continue;
            list.Add(new ExternalProvider("school-" + code, school.DisplayName ?? "使用学校统一身份认证登录", school, code));
        }
        All = list;
        // Configuration keys are case-insensitive: so is the role a setting names.
        var named = new Dictionary<string, bool>(options.LocalLogin, StringComparer.OrdinalIgnoreCase);
        localLogin = Roles.All.ToDictionary(r => r, r => named.GetValueOrDefault(r, true));
    }

    public IReadOnlyList<ExternalProvider> All { get; }

    public ExternalProvider? Find(string? scheme) => All.FirstOrDefault(p => p.Scheme == scheme);

    /// <summary><c>Authentication:LocalLogin:&lt;Role&gt;</c> (default true): whether that role may sign in with a password.</summary>
    public bool LocalLoginAllowed(string role) => !localLogin.TryGetValue(role, out var allowed) || allowed;
}
