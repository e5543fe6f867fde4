using System.Globalization;
using BenchmarkDotNet.Running;
using WllmSign.Benchmarks;
using WllmSign.Portal.Features.Agreements;

// The file sizes are not a BenchmarkDotNet column: print them first.
var fonts = FontSet.Load(new AgreementOptions());
foreach (var (label, name) in new[] { ("OneAgreement", "王小明"), ("OneAgreementWithRareCharacters", "吉𠮷·阿〇") })
{
    var size = AgreementPdf.Render(AgreementPdfBenchmarks.Sample(name, isVoid: false), fonts, "http://localhost:5080").Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PDF size {label}: {size / 1024.0:F1} KB ({size} bytes)"));
}

if (args is ["--quick", ..])
{
    // A plain stopwatch loop (min and median of 60 warm runs): a sanity check on a busy machine, not a benchmark.
    var doc = AgreementPdfBenchmarks.Sample("王小明", isVoid: false);
    for (var i = 0; i < 10; i++) AgreementPdf.Render(doc, fonts, "http://localhost:5080");
    var times = new List<double>();
    var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < 60; i++)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        AgreementPdf.Render(doc, fonts, "http://localhost:5080");
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / 60;
    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quick: wall min {times[0]:F1} ms, median {times[30]:F1} ms; process CPU {cpu:F1} ms per agreement"));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AgreementPdfBenchmarks).Assembly).Run(args);
