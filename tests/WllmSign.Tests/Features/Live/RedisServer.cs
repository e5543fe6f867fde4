using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WllmSign.Tests.Features.Live;

/// <summary>
/// A private Debian <c>redis-server</c> for one test: a free loopback port, a temp working folder, no persistence,
/// run as a child process and killed at the end. Never assumes a Redis is already running.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly Process process;
    private readonly string folder;

    private RedisServer(Process process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The redis-server process (the peak-load generator reads its CPU time).</summary>
    public int ProcessId => process.Id;

    /// <summary>The StackExchange.Redis connection string (<c>Live:Redis</c>).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} not found: run scripts/setup.sh (it installs Debian's redis-server).");
        var port = FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "wllmsign-redis", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", folder })
            info.ArgumentList.Add(a);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.Enqueue(e.Data);
            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited:\n" + string.Join('\n', log)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, folder, port);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException) { }
        process.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
