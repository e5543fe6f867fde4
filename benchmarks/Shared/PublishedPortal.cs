using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WllmSign.Benchmarks.Shared;

/// <summary>
/// The portal as a benchmark runs it: published in Release (or taken from a folder), started as a process of its own
/// in the Production environment on a loopback port, so that the harness and the browser are not in what is measured.
/// The settings a benchmark needs beyond production's are passed in by the caller and named in its output.
/// </summary>
public sealed class PublishedPortal : IAsyncDisposable
{
    private readonly Process process;

    private PublishedPortal(Process process, string baseAddress, string log)
    {
        this.process = process;
        BaseAddress = baseAddress;
        LogPath = log;
    }

    public string BaseAddress { get; }
    public string LogPath { get; }
    public int ProcessId => process.Id;

    /// <summary>Publishes src/WllmSign.Portal in Release into <paramref name="output"/>.</summary>
    public static async Task PublishAsync(string output)
    {
        var root = RepositoryRoot();
        await RunAsync("dotnet", $"publish \"{Path.Combine(root, "src", "WllmSign.Portal")}\" -c Release -o \"{output}\" -nologo -v q");
    }

    /// <summary>Starts the published portal in <paramref name="app"/> with these settings and waits until it answers.</summary>
    public static async Task<PublishedPortal> StartAsync(string app, string work, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(app, "WllmSign.Portal.dll"), "--contentRoot", app])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = app,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["Database__Provider"] = "Sqlite";
        env["Email__PickupDirectory"] = Path.Combine(work, "mail");
        env["DataProtection__CertificatePath"] = Path.Combine(work, "dataprotection-cert.pfx");
        env["DataProtection__GenerateCertificate"] = "true";
        env["Agreements__Signing__GenerateDemoCertificate"] = "true";
        env["Agreements__Signing__DemoDirectory"] = Path.Combine(work, "signing");
        env["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) env[key] = value;
        var process = Process.Start(info)!;
        var log = Path.Combine(work, "portal.log");
        var gate = new object();
        void Append(string? line) { if (line is not null) lock (gate) File.AppendAllText(log, line + "\n"); }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portal = new PublishedPortal(process, $"http://localhost:{port}", log);
        await portal.WaitUntilUpAsync();
        return portal;
    }

    private async Task WaitUntilUpAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        var until = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"the portal exited with {process.ExitCode}; see {LogPath}");
            try
            {
                using var r = await http.GetAsync("/Account/Login");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the portal did not start; see {LogPath}");
    }

    /// <summary>The portal process's user + system CPU so far, from /proc (includes every thread).</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// Waits until the portal is idle: under a tenth of a core over two seconds. At start its background jobs catch up
    /// with the data (expired invitations, reminders), which a measurement must not count.
    /// </summary>
    public async Task WaitIdleAsync(TimeSpan max)
    {
        var until = DateTime.UtcNow + max;
        while (DateTime.UtcNow < until)
        {
            var before = CpuTime();
            await Task.Delay(2000);
            if ((CpuTime() - before).TotalMilliseconds < 200) return;
        }
        throw new TimeoutException($"the portal did not become idle within {max}; see {LogPath}");
    }

    /// <summary>Resident memory of the portal process (VmRSS).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "WllmSign.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed with {p.ExitCode}");
    }
}
