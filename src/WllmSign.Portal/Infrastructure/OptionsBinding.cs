namespace WllmSign.Portal.Infrastructure;

/// <summary>
/// The one way the portal binds its settings (decision 037): every options class is bound to its configuration section
/// with <c>AddOptions&lt;T&gt;().Bind(section)</c> and read as <c>IOptions&lt;T&gt;</c>. Not <c>ValidateOnStart</c>: no
/// options type has a validator, and resolving every option at start would freeze a value a host post-configures after
/// it starts listening (the test host's <c>Portal:PublicBaseUrl</c>). A value that
/// decides how the host is built (a rate limit, a certificate, which sign-in providers exist) is the same binding,
/// returned once here, never read again from the configuration by hand.
/// </summary>
public static class OptionsBinding
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and returns the bound value for the host's building.</summary>
    public static T BindOptions<T>(this IServiceCollection services, IConfiguration config, string section) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<T>().Bind(config.GetSection(section));
        return ReadOptions<T>(config, section);
    }

    /// <summary>
    /// The same binding of <paramref name="section"/>, read without registering it: only for a setting read while a
    /// service's own options are built (the test-only commit hook inside the DbContext options), where no
    /// <c>IServiceCollection</c> is at hand.
    /// </summary>
    public static T ReadOptions<T>(IConfiguration config, string section) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.GetSection(section).Get<T>() ?? new T();
    }
}
