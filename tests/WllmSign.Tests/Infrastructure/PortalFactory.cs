using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The real portal on its own SQLite file in a temp folder. With <c>kestrel: true</c> it listens on a real
/// loopback socket (port 0) so that Chromium can browse it.
/// When the environment variable <c>WLLM_TEST_POSTGRES</c> holds a connection string to a running PostgreSQL
/// server (scripts/test.sh starts one), the portal runs on PostgreSQL instead, in a throwaway database
/// <c>wllm_test_&lt;guid&gt;</c> created here and dropped on dispose.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly bool? seedDemo;
    private readonly string environment;
    private readonly ILoggerProvider? logs;
    private readonly TimeProvider? clock;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly bool kestrel;
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
    public PortalFactory(bool? seedDemo = false, bool kestrel = false, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Development", ILoggerProvider? logs = null)
    {
        this.seedDemo = seedDemo;
        this.environment = environment;
        this.logs = logs;
        this.clock = clock;
        this.settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(Folder);
        if (PostgresServer is { } server)
        {
            var name = "wllm_test_" + Guid.NewGuid().ToString("N");
            using (var admin = new NpgsqlConnection(AdminConnectionString(server)))
            {
                admin.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                create.ExecuteNonQuery();
            }
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
            // A portal on a real socket links (emails, the QR code) to the address it listens on, as scripts/run.sh
            // sets Portal:PublicBaseUrl to its own URL; a test that sets the setting keeps its value.
            if (kestrel && !settings.ContainsKey("Portal:PublicBaseUrl"))
                services.PostConfigure<WllmSign.Portal.PortalOptions>(o =>
                {
                    if (listening is { } address) o.PublicBaseUrl = address;
                });
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
        });
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
                await using var admin = new NpgsqlConnection(AdminConnectionString(PostgresServer!));
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

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
