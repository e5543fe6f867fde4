using System.Globalization;
using BenchmarkDotNet.Running;
using WllmSign.Benchmarks;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Agreements.Signatures;

// The file sizes are not a BenchmarkDotNet column: print them first (the table's "PDF size" column repeats them).
var fonts = FontSet.Load(new AgreementOptions());
var resolver = new CjkFontResolver();
static int Glyphs(byte[] face)
{
    for (var i = 0; i < (face[4] << 8 | face[5]); i++)
        if (System.Text.Encoding.ASCII.GetString(face, 12 + 16 * i, 4) == "maxp")
        {
            var at = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(face.AsSpan(12 + 16 * i + 8));
            return face[at + 4] << 8 | face[at + 5];
        }
    return 0;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Main face {resolver.GetFont(fonts.FullFamily)!.Length / 1048576.0:F1} MB, {Glyphs(resolver.GetFont(fonts.FullFamily)!)} glyphs; its compact cut (decision 032) {resolver.GetFont(fonts.Family)!.Length / 1048576.0:F1} MB, {Glyphs(resolver.GetFont(fonts.Family)!)} glyphs"));
var baselineText = RawBaseline.Text(AgreementPdfBenchmarks.Sample("王小明", isVoid: false));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"PDF size RawPdfSharpOnePage (baseline): {RawBaseline.OnePage(baselineText, fonts).Length / 1024.0:F1} KB; RawFontSubsetOnly {RawBaseline.FontSubsetOnly(RawBaseline.DistinctCharacters(baselineText), fonts, fonts.FullFamily).Length / 1024.0:F1} KB, from the compact face {RawBaseline.FontSubsetOnly(RawBaseline.DistinctCharacters(baselineText), fonts, fonts.Family).Length / 1024.0:F1} KB ({RawBaseline.DistinctCharacters(baselineText).Length} distinct characters)"));
var signature = AgreementPdfBenchmarks.Signature();
foreach (var (label, name) in new[] { ("OneAgreement", "王小明"), ("OneAgreementWithRareCharacters", "吉𠮷·阿〇") })
{
    var size = AgreementPdf.Render(AgreementPdfBenchmarks.Sample(name, isVoid: false), fonts, "http://localhost:5080").Length;
    var signedSize = AgreementPdf.Render(AgreementPdfBenchmarks.Sample(name, isVoid: false), fonts, "http://localhost:5080", signature).Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"PDF size {label}: {size / 1024.0:F1} KB ({size} bytes); signed {signedSize / 1024.0:F1} KB (+{(signedSize - size) / 1024.0:F1} KB)"));
}

if (args is ["--zip", var countText, ..])
{
    // The school's bulk ZIP (issue #20): N agreements issued (drawn and signed in parallel, as AgreementFileStore does for
    // a page of the ZIP) and written into a ZIP; then the same ZIP from the stored files only (every later download).
    var count = int.Parse(countText, CultureInfo.InvariantCulture);
    var docs = Enumerable.Range(0, count).Select(i => AgreementPdfBenchmarks.Sample("王小明", isVoid: false) with
    {
        AgreementNumber = (105002027000001L + i).ToString(CultureInfo.InvariantCulture),
    }).ToList();
    AgreementPdf.Render(docs[0], fonts, "http://localhost:5080", signature);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var stored = new byte[count][];
    for (var page = 0; page < count; page += 100)
    {
        var n = Math.Min(100, count - page);
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => stored[page + i] = AgreementPdf.Render(docs[page + i], fonts, "http://localhost:5080", signature));
    }
    var issued = watch.Elapsed;
    var zipFirst = Zip(stored);
    var first = watch.Elapsed;
    watch.Restart();
    var zipAgain = Zip(stored);
    var again = watch.Elapsed;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ZIP of {count} signed agreements: issued by the ZIP itself (issue + sign + zip, before AgreementIssuingJob) {first.TotalSeconds:F1} s (issuing {issued.TotalSeconds:F1} s), {zipFirst / 1048576.0:F1} MB; from stored files (issued at 鉴证 by AgreementIssuingJob) {again.TotalSeconds:F2} s ({zipAgain / 1048576.0:F1} MB); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    return;
}

if (args is ["--quick", ..])
{
    // A plain stopwatch loop (min and median of 60 warm runs): a sanity check on a busy machine, not a benchmark.
    var doc = AgreementPdfBenchmarks.Sample("王小明", isVoid: false);
    foreach (var (label, signWith) in new[] { ("unsigned", (AgreementSignature?)null), ("signed", signature) })
    {
        for (var i = 0; i < 10; i++) AgreementPdf.Render(doc, fonts, "http://localhost:5080", signWith);
        var times = new List<double>();
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < 60; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            AgreementPdf.Render(doc, fonts, "http://localhost:5080", signWith);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / 60;
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quick {label}: wall min {times[0]:F1} ms, median {times[30]:F1} ms; process CPU {cpu:F1} ms per agreement"));
    }
    // Interleaved pairs (unsigned, signed): the machine's load drifts less within a pair than between two loops.
    var differences = new List<double>();
    for (var i = 0; i < 60; i++)
    {
        var w = System.Diagnostics.Stopwatch.StartNew();
        AgreementPdf.Render(doc, fonts, "http://localhost:5080");
        var plainMs = w.Elapsed.TotalMilliseconds;
        w.Restart();
        AgreementPdf.Render(doc, fonts, "http://localhost:5080", signature);
        differences.Add(w.Elapsed.TotalMilliseconds - plainMs);
    }
    differences.Sort();
    // The CMS signature alone (SHA-256 over a signed agreement's bytes + RSA-2048), the part that is not drawing.
    var bytes = AgreementPdf.Render(doc, fonts, "http://localhost:5080", signature);
    var cmsCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < 60; i++) signature.Signer.GetSignatureAsync(new MemoryStream(bytes)).GetAwaiter().GetResult();
    var cmsMs = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cmsCpu).TotalMilliseconds / 60;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"signed minus unsigned, 60 interleaved pairs: median {differences[30]:F1} ms (quartiles {differences[15]:F1} / {differences[45]:F1}); CMS signature alone {cmsMs:F2} ms CPU; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    return;
}

if (args is ["--write", var directory, ..])
{
    // The sample files, for the before/after comparison of the look (pdftoppm -r 100 -png) and pdftotext/pdfsig checks.
    Directory.CreateDirectory(directory);
    var bench = new AgreementPdfBenchmarks();
    bench.Setup();
    foreach (var method in new[] { "OneAgreement", "OneAgreementWithRareCharacters", "OneSignedAgreement", "OneSignedAgreementWithRareCharacters", "RawPdfSharpOnePage", "RawFontSubsetOnly" })
        File.WriteAllBytes(Path.Combine(directory, method + ".pdf"), (byte[])typeof(AgreementPdfBenchmarks).GetMethod(method)!.Invoke(bench, null)!);
    File.WriteAllBytes(Path.Combine(directory, "VoidAgreement.pdf"), AgreementPdf.Render(AgreementPdfBenchmarks.Sample("王小明", isVoid: true), fonts, "http://localhost:5080"));
    Console.WriteLine($"written to {directory}");
    return;
}

if (args is ["--loop", var loopText, ..])
{
    // For a profiler (dotnet-trace collect -- dotnet WllmSign.Benchmarks.dll --loop 2000): the typical agreement, again and again.
    var doc = AgreementPdfBenchmarks.Sample("王小明", isVoid: false);
    var n = int.Parse(loopText, CultureInfo.InvariantCulture);
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    for (var i = 0; i < n; i++) AgreementPdf.Render(doc, fonts, "http://localhost:5080");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"loop: {n} agreements, {watch.Elapsed.TotalMilliseconds / n:F2} ms and {(GC.GetTotalAllocatedBytes(precise: true) - before) / (double)n / 1048576:F2} MB each"));
    return;
}

if (args is ["--alloc", ..])
{
    // Where the typical agreement's managed allocations go (issue #27's ≤ 1 MB): each line is the mean of 20 warm runs on this
    // thread; allocation counts do not depend on the machine's load. First the agreement and its raw baseline (PDFsharp alone
    // drawing the same strings, RawPdfSharpOnePage), then the parts: the font work (ours since decision 045, and PDFsharp's for
    // the same characters), the QR code, an empty page.
    var text = RawBaseline.Text(AgreementPdfBenchmarks.Sample("王小明", isVoid: false));
    var distinct = RawBaseline.DistinctCharacters(text);
    var doc = AgreementPdfBenchmarks.Sample("王小明", isVoid: false);
    var url = AgreementPdf.VerifyUrl("http://localhost:5080", doc.AgreementNumber, doc.VerificationCode);
    var ours = Alloc("OneAgreement (ours, whole)", () => AgreementPdf.Render(doc, fonts, "http://localhost:5080"));
    var raw = Alloc("raw baseline: RawPdfSharpOnePage (PDFsharp alone, same strings)", () => RawBaseline.OnePage(text, fonts));
    Alloc("OneSignedAgreement", () => AgreementPdf.Render(doc, fonts, "http://localhost:5080", signature));
    Alloc($"our text layer alone: {distinct.Length} distinct characters, embed + save", () => AllocationProbe.OwnTextLayer(fonts, distinct));
    Alloc($"PDFsharp alone: the same characters, subset + save", () => AllocationProbe.Page(fonts.Family, distinct, _ => { }));
    Alloc("the QR code: QRCoder's PNG", () => AllocationProbe.QrCodePage(url, draw: false));
    Alloc("the QR code: PNG read by PDFsharp onto a page, saved", () => AllocationProbe.QrCodePage(url));
    Alloc("PDFsharp alone: an empty page, saved", () => AllocationProbe.Page(fonts.Family, "", _ => { }));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"OneAgreement: {ours / 1024.0:F0} KB allocated, {(double)ours / raw:F2}× the raw baseline's {raw / 1024.0:F0} KB; target ≤ 1 MB (1,024 KB): {(ours <= 1024 * 1024 ? "met" : "NOT met")}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    return;

    static long Alloc(string label, Func<byte[]> draw)
    {
        for (var i = 0; i < 5; i++) draw();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) draw();
        var perRun = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-70} {perRun / 1024.0,8:F0} KB allocated; file {draw().Length / 1024.0:F1} KB"));
        return perRun;
    }
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(AgreementPdfBenchmarks).Assembly).Run(args);
AgreementPdfBenchmarks.PrintTargets(summaries);

static long Zip(byte[][] files)
{
    using var output = new MemoryStream();
    using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
    {
        for (var i = 0; i < files.Length; i++)
        {
            using var entry = zip.CreateEntry($"计算机学院/{i:D6}_王小明.pdf", System.IO.Compression.CompressionLevel.NoCompression).Open();
            entry.Write(files[i]);
        }
    }
    return output.Length;
}
