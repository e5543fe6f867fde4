using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Students;
using WllmSign.Portal.Features.Agreements.Signatures;
using WllmSign.Tests.Features.Agreements;

// The school's bulk download (数据管理 → 协议书ZIP, GET /agreements/school.zip) of N agreements, through the endpoint a school
// admin hits: the real portal (the tests' host: SQLite, demo data, signing on) listening on a loopback port, an HTTP client
// signed in as school10500@wllm.test. Not a test: it prints figures for docs/benchmarks.md.
//
//   dotnet run -c Release --project benchmarks/WllmSign.ZipBenchmark -- [--count 200]
//
// cold:   no agreement file stored (all deleted just before): the ZIP request draws and signs every agreement itself. The
//         issuing job keeps running (stopping a BackgroundService stops the host); its sweep (every minute, on half the cores)
//         may issue some of the same files during a cold request: the stored count before and after each run is printed.
// stored: every file issued in advance (AgreementIssuingJob.RunOnceAsync, as after the school's 鉴证): the ZIP streams them.
// Each is measured twice (the second is the figure; the first warms up); peak memory is the process's VmHWM during the request
// (reset through /proc/self/clear_refs), beside its resident memory before. The portal, the client and this harness share one process.
// The test host finds the portal's content root from this variable (a test project gets it from Mvc.Testing's build step).
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "WllmSign.sln"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_WLLMSIGN_PORTAL", Path.Combine(root, "src", "WllmSign.Portal"));
var count = args is ["--count", var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 200;
Console.WriteLine($"{Environment.ProcessorCount} logical cores; load average {Load()}");
await using var bed = await AgreementTestBed.StartAsync(kestrel: true);
var services = bed.Portal.Services;

// N Effective agreements of school 10500 (the demo has 60 graduates per school: add students of the demo student's year).
await using (var db = bed.NewDb())
{
    var demo = await db.Students.SingleAsync(s => s.Id == bed.DemoStudentId);
    var have = await db.Students.CountAsync(s => s.SchoolId == bed.SchoolId && s.GraduationYear == demo.GraduationYear && s.Id != demo.Id);
    var random = new Random(27);
    for (var i = have; i < count; i++)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"42010620050{random.Next(1, 10)}{random.Next(10, 29)}{i % 1000:D3}");
        db.Students.Add(new Student(bed.SchoolId, demo.GraduationYear, $"学生{i:D3}", first17 + WllmSign.Domain.Common.IdNumber.ComputeCheck(first17),
            string.Create(CultureInfo.InvariantCulture, $"ZIP{i:D5}"), demo.Faculty, demo.Major, demo.Degree));
    }
    await db.SaveChangesAsync();
}
for (var i = 0; i < count; i++) await bed.Given.Invites(await bed.OtherStudentIdAsync(i)).Accepted().Verified();
await using (var db = bed.NewDb())
    Console.WriteLine($"{await db.Signings.CountAsync(s => s.SchoolId == bed.SchoolId && s.AgreementNumber != null)} agreements of school {bed.SchoolId} in force");

// A real HTTP client on the loopback port, signed in through the login form as a browser would.
using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() })
{
    BaseAddress = new Uri(bed.Portal.BaseAddress), Timeout = TimeSpan.FromMinutes(30),
};
{
    var form = await client.GetStringAsync("/Account/Login");
    var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["_handler"] = "login", ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
        ["Input.Email"] = "school10500@wllm.test", ["Input.Password"] = AgreementTestBed.Password,
    }));
    if (login.StatusCode != System.Net.HttpStatusCode.Redirect || login.Headers.Location?.ToString().Contains("Login", StringComparison.Ordinal) != false)
        throw new InvalidOperationException($"sign-in failed: {(int)login.StatusCode} {login.Headers.Location}");
}

async Task<(double Seconds, long Bytes, double PeakMb, double RssBeforeMb, int Entries)> ZipAsync()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var rssBefore = Status("VmRSS");
    File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM to the current RSS
    var watch = Stopwatch.StartNew();
    using var response = await client.GetAsync("/agreements/school.zip", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[81920];
    long bytes = 0;
    int read;
    var zip = new MemoryStream();
    while ((read = await body.ReadAsync(buffer)) > 0) { bytes += read; zip.Write(buffer, 0, read); }
    var seconds = watch.Elapsed.TotalSeconds;
    zip.Position = 0;
    using var archive = new System.IO.Compression.ZipArchive(zip);
    return (seconds, bytes, Status("VmHWM"), rssBefore, archive.Entries.Count);
}

async Task DropFilesAsync()
{
    await using var db = bed.NewDb();
    await db.AgreementFiles.ExecuteDeleteAsync();
}

void Report(string what, (double Seconds, long Bytes, double PeakMb, double RssBeforeMb, int Entries) r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {r.Entries} agreements, {r.Seconds:F2} s ({r.Seconds * 1000 / r.Entries:F1} ms per agreement), {r.Bytes / 1048576.0:F1} MB; process peak {r.PeakMb:F0} MB during the request (resident {r.RssBeforeMb:F0} MB before, +{r.PeakMb - r.RssBeforeMb:F0} MB); load average {Load()}"));

async Task<int> StoredAsync()
{
    await using var db = bed.NewDb();
    return await db.AgreementFiles.CountAsync();
}

// Cold: drawn and signed by the request itself.
await DropFilesAsync();
await ZipAsync();
await DropFilesAsync();
Console.WriteLine($"stored files before the cold run: {await StoredAsync()}");
Report("cold (drawn and signed on demand)", await ZipAsync());
Console.WriteLine($"stored files after the cold run: {await StoredAsync()}");

// Stored: issued in advance by the job, streamed by the request.
var issued = await services.GetRequiredService<AgreementIssuingJob>().RunOnceAsync();
await using (var db = bed.NewDb())
    Console.WriteLine($"stored files: {await db.AgreementFiles.CountAsync()} (the job issued {issued} more)");
await ZipAsync();
Report("stored (files issued at 鉴证, streamed)", await ZipAsync());
return 0;

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static double Status(string field) =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(':', StringSplitOptions.TrimEntries)[1].Split(' ')[0], CultureInfo.InvariantCulture) / 1024).First();
