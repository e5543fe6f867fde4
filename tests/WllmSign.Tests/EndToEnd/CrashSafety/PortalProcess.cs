using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WllmSign.Portal.Data;
using WllmSign.Tests.Infrastructure;
using Xunit;

namespace WllmSign.Tests.EndToEnd.CrashSafety;

/// <summary>
/// The built portal (<c>dotnet WllmSign.Portal.dll</c>) as a child process on a given SQLite file and a free loopback
/// port (port 0: the portal takes one and prints it, so no other process can take it first), as <c>scripts/run.sh</c> runs it but with the test settings of <see cref="PortalFactory"/>. Its standard
/// output is read line by line so that a test can wait for a line; <see cref="Kill"/> sends SIGKILL.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly List<string> seen = [];

    private const string ListeningPrefix = "Now listening on: ";

    public string BaseAddress { get; private set; } = "";

    private PortalProcess(Process process) => this.process = process;

    /// <summary>Starts the portal on <paramref name="dbPath"/> and waits until it listens.</summary>
    public static async Task<PortalProcess> StartAsync(string dbPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = PortalDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Development"; // serves blazor.web.js and MudBlazor from the build output
        env["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        env["Database__Provider"] = "Sqlite";
        env["Database__SqlitePath"] = dbPath;
        env["Demo__Seed"] = "false";
        env["Email__PickupDirectory"] = Path.Combine(Path.GetDirectoryName(dbPath)!, "mail");
        env["Email__Smtp__Host"] = "";
        // The run's key-ring certificate and demo signing certificates, as every PortalFactory portal has them
        // (generating RSA keys per start cost seconds under load, decision 042); the portal still makes its own key ring.
        var certificate = Path.Combine(Path.GetDirectoryName(dbPath)!, "dataprotection-cert.pfx");
        if (!File.Exists(certificate)) File.Copy(PortalFactory.KeyRingCertificatePath, certificate);
        env["DataProtection__CertificatePath"] = certificate;
        env["DataProtection__GenerateCertificate"] = "true";
        env["Agreements__Signing__GenerateDemoCertificate"] = "true";
        env["Agreements__Signing__DemoDirectory"] = PortalFactory.TestSigning.Folder;
        env["RateLimits__AccountPostsPerMinute"] = "1000";
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var portal = new PortalProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) portal.lines.Writer.TryWrite(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) portal.lines.Writer.TryWrite(e.Data); };
        process.Exited += (_, _) => portal.lines.Writer.TryComplete();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Kestrel prints the port it took ("Now listening on: http://127.0.0.1:40123") before "Application started".
        var listening = await portal.WaitForLineAsync(ListeningPrefix);
        var port = new Uri(listening[(listening.IndexOf(ListeningPrefix, StringComparison.Ordinal) + ListeningPrefix.Length)..].Trim()).Port;
        portal.BaseAddress = $"http://localhost:{port}";
        await portal.WaitForLineAsync("Application started");
        return portal;
    }

    /// <summary>Waits until the portal prints a line containing <paramref name="text"/> (fails when it exits or after two minutes).</summary>
    public async Task<string> WaitForLineAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(timeout.Token))
            {
                seen.Add(line);
                if (line.Contains(text, StringComparison.Ordinal)) return line;
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new Xunit.Sdk.XunitException($"The portal never printed \"{text}\". Its output:{Environment.NewLine}{string.Join(Environment.NewLine, seen.TakeLast(60))}");
    }

    /// <summary>SIGKILL (no shutdown, no flush, no checkpoint), then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    /// <summary>A context on the SQLite file, outside any portal.</summary>
    public static AppDbContext OpenDatabase(string dbPath) =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString()).Options);

    /// <summary>SQLite's own check of the file: "ok" when every page, index and free list is sound.</summary>
    public static async Task<string> IntegrityCheckAsync(string dbPath)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Copies a live database with SQLite's online backup (consistent even while the source is open).</summary>
    public static void Backup(string fromPath, string toPath)
    {
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fromPath, Pooling = false }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = toPath, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        using var wal = to.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
    }

    private static string PortalDll()
    {
        // The test runs from tests/WllmSign.Tests/bin/<Configuration>/net10.0: use the portal built with the same configuration.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "src", "WllmSign.Portal", "bin", configuration, framework, "WllmSign.Portal.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the portal first: {dll} not found.");
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A fact that runs on SQLite only: skipped (with the reason) in the PostgreSQL pass.</summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string reason)
    {
        if (PortalFactory.PostgresServer is not null) Skip = reason;
    }
}
