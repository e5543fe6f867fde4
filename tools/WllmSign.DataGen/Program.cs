using System.Diagnostics;
using System.Globalization;
using WllmSign.DataGen;

// Fills an empty portal database (SQLite or PostgreSQL) with a peak-season volume of data for benchmarks:
//   dotnet run -c Release --project tools/WllmSign.DataGen -- --sqlite /tmp/big.db
//   dotnet run -c Release --project tools/WllmSign.DataGen -- --postgres "Host=127.0.0.1;Port=5432;Username=postgres;Database=wllm_big"
// Options: --scale 0.1 (a tenth of the students, employers and signings; schools stay 100), --seed N.
var options = GenOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: WllmSign.DataGen (--sqlite PATH | --postgres CONNECTION) [--scale 1.0] [--seed 12026]");
    return 2;
}

var total = Stopwatch.StartNew();
await using ITarget target = options.Postgres is { } pg ? new PostgresTarget(pg) : new SqliteTarget(options.SqlitePath!);
Console.WriteLine($"Target: {target.Describe()}");
Console.WriteLine("Applying the portal's migrations …");
await target.MigrateAsync();
if (!await target.IsEmptyAsync())
{
    Console.Error.WriteLine("The database already holds signings or students: give an empty (or new) database.");
    return 1;
}

var data = new DataSet(options.Scale, options.Seed, DateTimeOffset.UtcNow);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Generating {DataSet.SchoolCount} schools, {data.StudentCount:N0} students, {data.EmployerCount:N0} employers, {data.SigningCount:N0} signings (scale {options.Scale})"));

await target.BulkAsync(Tables.Schools, data.Schools(), DataSet.SchoolCount);
await target.BulkAsync(Tables.Employers, data.Employers(), data.EmployerCount);
await target.BulkAsync(Tables.Residencies, data.Residencies(), data.ResidencyCount);
await target.BulkAsync(Tables.Students, data.Students(), data.StudentCount);
data.PlanSignings();
await target.BulkAsync(Tables.Signings, data.Signings(), data.SigningCount);
await target.BulkAsync(Tables.Trail, data.Trail(), data.TrailCount);
await target.BulkAsync(Tables.Counters, data.Counters(), data.CounterCount);
Console.WriteLine("Resetting id sequences and analysing …");
await target.FinishAsync();

Console.WriteLine("Signings per status: " + string.Join(", ", data.StatusCounts().Select(kv => $"{kv.Key} {kv.Value:N0}")));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Largest employer: id 1 with {data.SigningsOfEmployer(1):N0} signings"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {total.Elapsed.TotalSeconds:F0} s."));
return 0;
