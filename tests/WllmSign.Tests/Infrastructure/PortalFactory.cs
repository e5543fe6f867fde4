using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WllmSign.Portal.Data;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The real portal on its own SQLite file in a temp folder. With <c>kestrel: true</c> it listens on a real
/// loopback socket (port 0) so that Chromium can browse it.
/// When the environment variable <c>WLLM_TEST_POSTGRES</c> holds a connection string to a running PostgreSQL
/// server (scripts/test.sh starts one), the portal runs on PostgreSQL instead, in a throwaway database
/// <c>wllm_test_&lt;guid&gt;</c> created here and dropped on dispose.
/// A portal with demo data and a test clock starts from a copy of the demo seeded once per test run and clock
/// (<see cref="DemoTemplates"/>, decision 034) instead of seeding its own.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly bool? seedDemo;
    private readonly string environment;
    private readonly ILoggerProvider? logs;
    private readonly TimeProvider? clock;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly bool kestrel;
    private readonly bool keepDatabase;
    private readonly bool servicesOnly;
    private bool copied;
    private string? listening;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "wllmsign-tests", Guid.NewGuid().ToString("N"));
    public string DbPath => Path.Combine(Folder, "portal.db");
    public string MailFolder => Path.Combine(Folder, "mail");

    /// <summary>The base connection string of the PostgreSQL server the suite runs on, or null for SQLite.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable("WLLM_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>This factory's own PostgreSQL database, or null on SQLite.</summary>
    public string? PostgresConnectionString { get; }

    /// <param name="seedDemo">Demo data on or off, explicitly; null leaves <c>Demo:Seed</c> to the portal's own settings files.</param>
    /// <param name="settings">Configuration overrides, e.g. a higher <c>RateLimits:AccountPostsPerMinute</c> for a test that signs in many times.</param>
    /// <param name="environment">The host environment; Development (the default) serves the static web assets from the build output.</param>
    /// <param name="logs">An extra logger provider, for a test that reads what the portal logs.</param>
    /// <param name="servicesOnly">For tests that call the portal's services and database directly and send it no request:
    /// the portal starts as always (configuration, services, migrations, demo seed, background services) but its request
    /// pipeline is never built — no middleware, no routes, no Blazor hub (about a third of a test portal's start,
    /// decision 053). A request to it fails with an exception that says so.</param>
    public PortalFactory(bool? seedDemo = false, bool kestrel = false, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Development", ILoggerProvider? logs = null, bool servicesOnly = false)
        : this(seedDemo, kestrel, clock, settings, environment, logs, keepDatabase: false, servicesOnly)
    {
    }

    /// <param name="keepDatabase">The template maker's own: its PostgreSQL database outlives it (it becomes the template).</param>
    private PortalFactory(bool? seedDemo, bool kestrel, TimeProvider? clock, IReadOnlyDictionary<string, string?>? settings,
        string environment, ILoggerProvider? logs, bool keepDatabase, bool servicesOnly)
    {
        if (servicesOnly && kestrel) throw new ArgumentException("A portal on a socket serves requests: servicesOnly needs kestrel: false.", nameof(servicesOnly));
        this.keepDatabase = keepDatabase;
        this.servicesOnly = servicesOnly;
        this.seedDemo = seedDemo;
        this.environment = environment;
        this.logs = logs;
        this.clock = clock;
        this.settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(Folder);
        // The key-ring certificate of this run (generated once: an RSA 3072 key costs about a second per portal); each portal
        // encrypts its own key ring with it. A test that sets DataProtection:CertificatePath uses its own.
        File.Copy(KeyRingCertificate.Value, Path.Combine(Folder, "dataprotection-cert.pfx"));
        if (PostgresServer is { } server)
        {
            var name = "wllm_test_" + Guid.NewGuid().ToString("N");
            // A copy of the template is made when the host starts (the clock may move until then); an empty database now.
            if (TemplateKey() is null) ExecuteAdmin($"CREATE DATABASE \"{name}\"");
            PostgresConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        }
        this.kestrel = kestrel;
        if (kestrel) this.UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the static web assets (blazor.web.js, MudBlazor) from the build output.
        builder.UseEnvironment(environment);
        if (logs is not null) builder.ConfigureLogging(l => l.AddProvider(logs));
        builder.UseSetting("Database:SqlitePath", DbPath);
        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:Postgres", PostgresConnectionString);
        }
        if (seedDemo is { } seed) builder.UseSetting("Demo:Seed", seed ? "true" : "false");
        builder.UseSetting("Demo:StudentsPerSchool", "20");
        builder.UseSetting("Email:PickupDirectory", MailFolder);
        builder.UseSetting("Email:Smtp:Host", "");
        // The key ring is encrypted with a certificate of this test's own, generated in its folder (decision 019).
        builder.UseSetting("DataProtection:CertificatePath", Path.Combine(Folder, "dataprotection-cert.pfx"));
        builder.UseSetting("DataProtection:GenerateCertificate", "true");
        // Admins sign in with the password alone unless a test turns the second factor on.
        builder.UseSetting("Security:RequireTwoFactorForAdmins", "false");
        // Tests sign the same demo accounts in many times: the per-account-name limit (default 10 per 15 minutes) is
        // lifted unless a test sets it (AccountAbuseTests does).
        builder.UseSetting("RateLimits:SignInAccount:Permits", "1000");
        // The demo signing certificate (decision 021): created once per test run, shared by every portal of the run.
        builder.UseSetting("Agreements:Signing:GenerateDemoCertificate", "true");
        builder.UseSetting("Agreements:Signing:DemoDirectory", TestSigning.Folder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            // Passwords are hashed with 1,000 PBKDF2 iterations instead of Identity's 100,000: the tests create and
            // sign in accounts thousands of times, and each hash carries its own count, so sign-in, lock-out and reset
            // behave the same (decision 051). The portal itself keeps Identity's default.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            // EF Core's migrator compares the whole model with the migrations' snapshot at every start (about a tenth
            // of a test portal's start, hundreds of starts a run); MigrationSetTests asserts once per provider that
            // they match (HasPendingModelChanges). The portal itself keeps the check (decision 053).
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
            // A portal on a real socket links (emails, the QR code) to the address it listens on, as scripts/run.sh
            // sets Portal:PublicBaseUrl to its own URL; a test that sets the setting keeps its value.
            if (kestrel && !settings.ContainsKey("Portal:PublicBaseUrl"))
                services.PostConfigure<WllmSign.Portal.PortalOptions>(o =>
                {
                    if (listening is { } address) o.PublicBaseUrl = address;
                });
            if (servicesOnly) services.AddSingleton<IStartupFilter>(new NoRequestPipeline());
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
        });
    }

    /// <summary>
    /// What the demo seed of this portal depends on (the clock's instant, the demo settings, the provider), or null when
    /// the portal does not start from a template: no demo, or a setting that changes what the start writes (another
    /// database, a bootstrap administrator) or Production. On the system clock the key is the UTC day: the demo's dates are whole days
    /// from the moment it was seeded (residencies 30 days ago, birth dates, the graduation year), and a template seeded a
    /// few minutes earlier on the same day gives a test the same data a seed of its own would.
    /// </summary>
    private string? TemplateKey()
    {
        // Production refuses or allows the demo by its own settings (DemoSafetyTests): such a portal seeds for itself.
        if (seedDemo != true || keepDatabase || environment == "Production") return null;
        if (settings.Keys.Any(k => k.StartsWith("Database:", StringComparison.Ordinal) || k.StartsWith("Bootstrap:", StringComparison.Ordinal))) return null;
        var demo = settings.Where(kv => kv.Key.StartsWith("Demo:", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}");
        var instant = clock is null
            ? "system " + DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : clock.GetUtcNow().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join("|", [instant, environment,
            PostgresServer is null ? "sqlite" : "postgres", .. demo]);
    }

    /// <summary>
    /// The pipeline of a <c>servicesOnly</c> portal: the portal's own (its middleware and endpoints, set up in Program.cs)
    /// is never applied, so its routes, components and hub are never built; a request gets an exception naming the reason.
    /// </summary>
    private sealed class NoRequestPipeline : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app => app.Run(_ => throw new InvalidOperationException("This test portal was created with servicesOnly: true and serves no request."));
    }

    /// <summary>Before the portal starts (and seeds): its database becomes a copy of the demo template for its clock.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        TestRunCost.PortalStarted();
        // Once: a factory derived by WithWebHostBuilder creates its host through this one.
        if (!copied && TemplateKey() is { } key)
        {
            copied = true;
            var template = DemoTemplates.For(key, () => MakeTemplate(key));
            if (PostgresConnectionString is null) File.Copy(template, DbPath);
            else lock (DemoTemplates.CopyLock) ExecuteAdmin($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(PostgresConnectionString).Database}\" TEMPLATE \"{template}\"{CopyStrategy.Value}");
        }
        return base.CreateHost(builder);
    }

    /// <summary>
    /// Starts a portal like this one with its own database (the migrations and the demo seed run as in any portal) and
    /// keeps its database as the template: the SQLite file (an online backup) or the PostgreSQL database itself. The
    /// Data Protection key ring is removed: it is encrypted with the maker's certificate, each portal makes its own.
    /// </summary>
    private string MakeTemplate(string key)
    {
        var demoSettings = settings.Where(kv => kv.Key.StartsWith("Demo:", StringComparison.Ordinal)).ToDictionary();
        var maker = new PortalFactory(true, false, clock is null ? null : new FakeClock(clock.GetUtcNow()), demoSettings, environment, null, keepDatabase: true, servicesOnly: false);
        try
        {
            _ = maker.Services; // starts: migrates and seeds
            if (maker.PostgresConnectionString is null)
            {
                var file = Path.Combine(DemoTemplates.Folder, $"demo-{DemoTemplates.Hash(key)}.db");
                using var source = new SqliteConnection($"Data Source={maker.DbPath}");
                using var target = new SqliteConnection($"Data Source={file};Pooling=False");
                source.Open();
                target.Open();
                source.BackupDatabase(target);
                using var clear = target.CreateCommand();
                clear.CommandText = "DELETE FROM \"DataProtectionKeys\"";
                clear.ExecuteNonQuery();
                return file;
            }
        }
        finally
        {
            maker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var builder = new NpgsqlConnectionStringBuilder(maker.PostgresConnectionString) { Pooling = false };
        using (var connection = new NpgsqlConnection(builder.ToString()))
        {
            connection.Open();
            using var clear = new NpgsqlCommand("DELETE FROM \"DataProtectionKeys\"", connection);
            clear.ExecuteNonQuery();
        }
        DemoTemplates.AtExit(() => ExecuteAdmin($"DROP DATABASE IF EXISTS \"{builder.Database}\" WITH (FORCE)"));
        return builder.Database!;
    }

    /// <summary>
    /// PostgreSQL 15+ copies a template block by block through the WAL by default; a copy of the files is 2–4 times
    /// faster for the small demo database (measured on the throwaway cluster, decision 042), and the copies are taken
    /// one at a time. Older servers have only the file copy, and no STRATEGY clause.
    /// </summary>
    private static readonly Lazy<string> CopyStrategy = new(() =>
    {
        using var admin = new NpgsqlConnection(AdminConnectionString(PostgresServer!));
        admin.Open();
        return admin.PostgreSqlVersion.Major >= 15 ? " STRATEGY FILE_COPY" : "";
    });

    private static void ExecuteAdmin(string sql)
    {
        using var admin = new NpgsqlConnection(AdminConnectionString(PostgresServer!));
        admin.Open();
        using var command = new NpgsqlCommand(sql, admin);
        command.ExecuteNonQuery();
    }

    /// <summary>The address Chromium browses: <c>http://localhost:PORT</c> (the template's scripts dislike IP origins).</summary>
    public string BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return listening = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal).Replace("[::1]", "localhost", StringComparison.Ordinal);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Even when the portal failed to start: no database or folder is left behind.
            SqliteConnection.ClearAllPools();
            if (PostgresConnectionString is not null)
            {
                var name = new NpgsqlConnectionStringBuilder(PostgresConnectionString).Database;
                using (var mine = new NpgsqlConnection(PostgresConnectionString)) NpgsqlConnection.ClearPool(mine);
                if (!keepDatabase)
                {
                    await using var admin = new NpgsqlConnection(AdminConnectionString(PostgresServer!));
                    await admin.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                    await drop.ExecuteNonQueryAsync();
                }
            }
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The Data Protection certificate of this test run (a portal started as a child process copies it too).</summary>
    public static string KeyRingCertificatePath => KeyRingCertificate.Value;

    /// <summary>The Data Protection certificate of this test run, generated by the portal's own generator the first time it is needed.</summary>
    private static readonly Lazy<string> KeyRingCertificate = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "wllmsign-tests", "keyring-" + Environment.ProcessId, "dataprotection-cert.pfx");
        using var _ = WllmSign.Portal.Features.Security.KeyRingProtection.Load(
            new WllmSign.Portal.Features.Security.KeyRingOptions { CertificatePath = path, GenerateCertificate = true }, "/");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return path;
    });

    /// <summary>One demo CA and signing certificate for the whole test run (generating RSA keys per portal would cost seconds).</summary>
    public static class TestSigning
    {
        private static readonly Lazy<string> Lazy = new(() =>
        {
            var folder = Path.Combine(Path.GetTempPath(), "wllmsign-tests", "signing-" + Environment.ProcessId);
            WllmSign.Portal.Features.Agreements.Signatures.DemoCertificates.LoadOrCreate(folder, TimeProvider.System);
            return folder;
        });

        public static string Folder => Lazy.Value;
    }

    /// <summary>The server's maintenance database, for CREATE/DROP DATABASE (no pooling: nothing lingers).</summary>
    private static string AdminConnectionString(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
}
