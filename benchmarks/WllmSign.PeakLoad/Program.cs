using System.Globalization;
using WllmSign.Benchmarks.Shared;
using WllmSign.PeakLoad.Headless;

namespace WllmSign.PeakLoad;

// Peak day (issue #24): many signed-in Blazor Server circuits against the published portal on the 1M-signing data set.
//
//   dotnet run -c Release --project benchmarks/WllmSign.PeakLoad -- --big /tmp/s7-peak/big.db [--circuits 500,1000,2000,3000]
//       [--baseline 20] [--hold 60] [--warm 20] [--signin-rate 15] [--ramp-max 15] [--think-min 5] [--think-max 15] [--mix 70,20,10]
//       [--app DIR] [--in-place] [--check] [--verbose] [--portal-env KEY=VALUE]... [--servers N] [--only student|employer|school] [--trace]
//       [--no-deflate | --server-no-context-takeover] [--server-max-window-bits N]
//   dotnet run -c Release --project benchmarks/WllmSign.PeakLoad -- --deflate-cost off|15|10|no-takeover [--sockets 1000] [--payload FILE]
//       what per-message compression costs the server per socket, without a portal (DeflateCost.cs)
//   dotnet run -c Release --project benchmarks/WllmSign.PeakLoad -- --postgres "Host=127.0.0.1;Port=5432;Username=postgres;Database=wllm_big" …
//       the same on PostgreSQL: the DataGen database is the template of a copy for the run, dropped at the end.
//
// --servers N (N ≥ 2) starts a private redis-server on loopback and N portal processes on the same database with
// Live:Redis set (the several-servers deployment of decision 017): every user is kept on one server (round robin, as a
// sticky load balancer would), the CPU and memory are the servers' sum, and the live counts are also reported for
// writes made on another server (through Redis). All servers share this machine's cores.
//
// --portal-env (repeatable) adds an environment variable to the portal process only, e.g. DOTNET_gcServer=0 to compare
// the garbage collectors; the figures then describe that setting, not the shipped one.
//
// --only ROLE starts users of that role alone (each level is that many of them; the accounts of the other roles are still
// made, the students need their inviting employers): the CPU per interaction of one role's steps.
// --trace records CPU samples of the portal (Linux perf; the portal gets DOTNET_PerfMapEnabled=1) during the top level's
// window into artifacts/peakload/ (`perf report -i FILE --children --sort symbol --stdio`); that window's CPU figures
// then include the sampling.
//
// The circuits' WebSockets offer permessage-deflate as Chromium does (decision 049: the portal then deflates every
// message); --no-deflate offers nothing (the generator before decision 049), --server-no-context-takeover and
// --server-max-window-bits N add those parameters to the offer (what the portal would do with DisableServerContextTakeover
// or ServerMaxWindowBits). Every run prints the offer and the portal's answers, and per level the bytes on the wire.
//
// See PeakRun.cs for the run and what it prints, CheckMode.cs for --check (headless client vs Chromium).
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Arg(args, "--deflate-cost") is { } variant)
            return await DeflateCost.RunAsync(variant, int.Parse(Arg(args, "--sockets") ?? "1000", CultureInfo.InvariantCulture), Arg(args, "--payload") ?? "docs/benchmarks.md");
        var postgres = Arg(args, "--postgres");
        var big = Arg(args, "--big") ?? postgres
            ?? throw new ArgumentException("--big PATH: a DataGen database (it is copied first unless --in-place), or --postgres CONNECTION: a DataGen PostgreSQL database");
        var options = new RunOptions
        {
            Database = big,
            Postgres = postgres is not null,
            Levels = (Arg(args, "--circuits") ?? "500,1000,2000,3000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            HoldSeconds = int.Parse(Arg(args, "--hold") ?? "60", CultureInfo.InvariantCulture),
            WarmSeconds = int.Parse(Arg(args, "--warm") ?? "20", CultureInfo.InvariantCulture),
            App = Arg(args, "--app"),
            InPlace = args.Contains("--in-place"),
            Mix = (Arg(args, "--mix") ?? "70,20,10").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            SignInsPerSecond = double.Parse(Arg(args, "--signin-rate") ?? "15", CultureInfo.InvariantCulture),
            ThinkMin = TimeSpan.FromSeconds(double.Parse(Arg(args, "--think-min") ?? "5", CultureInfo.InvariantCulture)),
            ThinkMax = TimeSpan.FromSeconds(double.Parse(Arg(args, "--think-max") ?? "15", CultureInfo.InvariantCulture)),
            Verbose = args.Contains("--verbose"),
            RampMinutes = double.Parse(Arg(args, "--ramp-max") ?? "15", CultureInfo.InvariantCulture),
            BaselineCircuits = int.Parse(Arg(args, "--baseline") ?? "20", CultureInfo.InvariantCulture),
            Servers = int.Parse(Arg(args, "--servers") ?? "1", CultureInfo.InvariantCulture),
            Only = Arg(args, "--only") switch
            {
                null => null,
                "student" => PeakRole.Student,
                "employer" => PeakRole.Employer,
                "school" => PeakRole.SchoolAdmin,
                var r => throw new ArgumentException($"--only {r}: student, employer or school"),
            },
            Trace = args.Contains("--trace"),
            PortalEnvironment = args.Select((a, i) => (a, i)).Where(p => p.a == "--portal-env" && p.i + 1 < args.Length)
                .Select(p => args[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
        };
        if (options.Servers is < 1 or > 8) throw new ArgumentException("--servers takes 1 to 8");
        WebSocketWire.Offer = args.Contains("--no-deflate") ? null : new System.Net.WebSockets.WebSocketDeflateOptions
        {
            ServerContextTakeover = !args.Contains("--server-no-context-takeover"),
            ServerMaxWindowBits = int.Parse(Arg(args, "--server-max-window-bits") ?? "15", CultureInfo.InvariantCulture),
        };
        Console.WriteLine(WebSocketWire.Describe());
        if (args.Contains("--check"))
            return options.Postgres || options.Servers > 1 ? throw new ArgumentException("--check runs on one server on SQLite (--big)") : await CheckMode.RunAsync(options);
        return await PeakRun.RunAsync(options);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

public sealed class RunOptions
{
    /// <summary>A SQLite file, or with <see cref="Postgres"/> an Npgsql connection string of a DataGen database.</summary>
    public required string Database { get; init; }
    /// <summary>The portal on PostgreSQL (--postgres): the run works on a copy made with CREATE DATABASE … TEMPLATE.</summary>
    public bool Postgres { get; init; }
    public required int[] Levels { get; init; }
    public int HoldSeconds { get; init; }
    public int WarmSeconds { get; init; }
    public string? App { get; init; }
    public bool InPlace { get; init; }
    /// <summary>Percent of circuits that are students, employers, school admins.</summary>
    public required int[] Mix { get; init; }
    public double SignInsPerSecond { get; init; }
    public TimeSpan ThinkMin { get; init; }
    public TimeSpan ThinkMax { get; init; }
    public bool Verbose { get; init; }
    /// <summary>The first level, measured as the others: the same interactions with few circuits (the ratio's denominator).</summary>
    public int BaselineCircuits { get; init; }
    /// <summary>The longest a level's ramp may take before it is measured with whoever made it.</summary>
    public double RampMinutes { get; init; }
    /// <summary>Portal servers on the one database; more than one share a private Redis (Live:Redis).</summary>
    public int Servers { get; init; } = 1;
    /// <summary>Only users of this role act (--only); null: the mix.</summary>
    public PeakRole? Only { get; init; }
    /// <summary>A CPU-sampling trace of the portal during the top level's window (--trace).</summary>
    public bool Trace { get; init; }
    /// <summary>Extra environment variables of the portal process (--portal-env KEY=VALUE).</summary>
    public IReadOnlyDictionary<string, string> PortalEnvironment { get; init; } = new Dictionary<string, string>();
}

/// <summary>The portal on a copy of the database, as the run and the check start it.</summary>
public static class PeakPortal
{
    /// <summary>
    /// Copies the database (unless --in-place), lets <paramref name="prepare"/> make the accounts, then starts
    /// <see cref="RunOptions.Servers"/> portal processes on it, one after the other (the first makes the key-encryption
    /// certificate the others share, as servers on one database must: decision 019); with <paramref name="redis"/> set,
    /// every server publishes and receives its live changes there.
    /// </summary>
    public static async Task<(IReadOnlyList<PublishedPortal> Portals, string Work, string Database)> StartAsync(RunOptions o, Func<string, Task> prepare,
        string? redis = null)
    {
        var work = Directory.CreateTempSubdirectory("wllm-peak-").FullName;
        var db = o.Database;
        if (o.Postgres && !o.InPlace) db = await CopyPostgresAsync(o.Database, "wllm_peak_" + Environment.ProcessId);
        else if (!o.InPlace)
        {
            db = Path.Combine(work, "big.db");
            Console.WriteLine($"Copying {o.Database} to {db} (the run writes: answers, verifications) …");
            File.Copy(o.Database, db);
        }
        await prepare(db);
        var app = o.App;
        if (app is null)
        {
            app = Path.Combine(work, "app");
            Console.WriteLine("Publishing the portal (Release) …");
            await PublishedPortal.PublishAsync(app);
        }
        var settings = new Dictionary<string, string>
        {
            ["Demo__Seed"] = "false",
            // As scripts/run.sh: admins without a second factor (a benchmark cannot type authenticator codes).
            ["Security__RequireTwoFactorForAdmins"] = "false",
            // Every user signs in from 127.0.0.1: the per-address limit of account form posts would refuse the run.
            ["RateLimits__AccountPostsPerMinute"] = "1000000",
            // The agreement-issuing job would draw PDFs for the whole data set (HELPERS.md): without the font it draws none.
            ["Agreements__FontPath"] = Path.Combine(work, "no-such-font.ttf"),
            ["Diagnostics__MemoryEndpoint"] = "true",
        };
        if (o.Postgres)
        {
            settings["Database__Provider"] = "Postgres";
            settings["Database__Postgres"] = db;
        }
        else settings["Database__SqlitePath"] = Path.GetFullPath(db);
        if (redis is not null) settings["Live__Redis"] = redis;
        if (o.Trace)
        {
            // Names of JIT-compiled methods for perf (--trace); without W^X the code is in anonymous memory perf maps to them.
            settings["DOTNET_PerfMapEnabled"] = "1";
            settings["DOTNET_EnableWriteXorExecute"] = "0";
        }
        foreach (var (key, value) in o.PortalEnvironment)
        {
            settings[key] = value;
            Console.WriteLine($"Portal environment: {key}={value}");
        }
        var portals = new List<PublishedPortal> { await PublishedPortal.StartAsync(app, work, settings) };
        for (var i = 1; i < o.Servers; i++)
        {
            // Its own folder (log, mail), the first server's certificates.
            var folder = Directory.CreateDirectory(Path.Combine(work, $"server{i + 1}")).FullName;
            var more = new Dictionary<string, string>(settings)
            {
                ["DataProtection__CertificatePath"] = Path.Combine(work, "dataprotection-cert.pfx"),
                ["Agreements__Signing__DemoDirectory"] = Path.Combine(work, "signing"),
            };
            portals.Add(await PublishedPortal.StartAsync(app, folder, more));
        }
        return (portals, work, db);
    }

    /// <summary>A copy of a PostgreSQL database for one run (CREATE DATABASE … TEMPLATE: a file copy on the server).</summary>
    private static async Task<string> CopyPostgresAsync(string template, string name)
    {
        var source = new Npgsql.NpgsqlConnectionStringBuilder(template);
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(template) { Database = "postgres", Pooling = false };
        Console.WriteLine($"Copying PostgreSQL database {source.Database} to {name} (the run writes: answers, verifications) …");
        await using (var c = new Npgsql.NpgsqlConnection(admin.ToString()))
        {
            await c.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", c);
            await drop.ExecuteNonQueryAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{source.Database}\"", c) { CommandTimeout = 1800 };
            await create.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(template) { Database = name }.ToString();
    }

    /// <summary>Drops the run's PostgreSQL copy (nothing for SQLite: the copy is in the work directory).</summary>
    public static async Task DropCopyAsync(RunOptions o, string db)
    {
        if (!o.Postgres || o.InPlace) return;
        Npgsql.NpgsqlConnection.ClearAllPools();
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(db);
        var name = admin.Database;
        admin.Database = "postgres";
        admin.Pooling = false;
        await using var c = new Npgsql.NpgsqlConnection(admin.ToString());
        await c.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
        await drop.ExecuteNonQueryAsync();
    }
}
