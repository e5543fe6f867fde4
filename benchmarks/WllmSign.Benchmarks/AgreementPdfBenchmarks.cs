using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Benchmarks;

/// <summary>
/// One agreement (电子协议书), warm: target ≤ 25 ms and ≤ 150 KB on the 2-core development machine; signed (issue #20):
/// the signature and the seal add ≤ 10 ms and ≤ 30 KB.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SizeConfig))]
public class AgreementPdfBenchmarks
{
    /// <summary>Issue #27's targets for a typical agreement (OneAgreement).</summary>
    public const double TargetMs = 5, TargetMb = 1, TargetKb = 150;

    private sealed class SizeConfig : ManualConfig
    {
        public SizeConfig() => AddColumn(new PdfSizeColumn());
    }

    /// <summary>The size of the PDF each benchmark returns (one call outside the measurement).</summary>
    private sealed class PdfSizeColumn : IColumn
    {
        private static readonly ConcurrentDictionary<string, int> Sizes = new();
        public string Id => nameof(PdfSizeColumn);
        public string ColumnName => "PDF size";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Size of the PDF the benchmark returns";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            string.Create(CultureInfo.InvariantCulture, $"{Size(benchmarkCase.Descriptor.WorkloadMethod.Name) / 1024.0:F1} KB");

        public static int Size(string method) => Sizes.GetOrAdd(method, m =>
        {
            var bench = new AgreementPdfBenchmarks();
            bench.Setup();
            return ((byte[])typeof(AgreementPdfBenchmarks).GetMethod(m)!.Invoke(bench, null)!).Length;
        });
    }

    /// <summary>Prints OneAgreement against the raw baseline and the targets: met or not met.</summary>
    public static void PrintTargets(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name);
        if (!reports.TryGetValue(nameof(OneAgreement), out var one) || !reports.TryGetValue(nameof(RawPdfSharpOnePage), out var raw)) return;
        double Ms(BenchmarkReport r) => r.ResultStatistics!.Mean / 1e6;
        double Mb(BenchmarkReport r) => (r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0) / 1048576.0;
        var kb = PdfSizeColumn.Size(nameof(OneAgreement)) / 1024.0;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OneAgreement: {Ms(one):F2} ms mean ({Ms(one) / Ms(raw):F2}× the raw baseline's {Ms(raw):F2} ms), target ≤ {TargetMs} ms: {(Ms(one) <= TargetMs ? "met" : "NOT met")}; " +
            $"{Mb(one):F2} MB allocated ({Mb(one) / Mb(raw):F2}× the baseline's {Mb(raw):F2} MB), target ≤ {TargetMb} MB: {(Mb(one) <= TargetMb ? "met" : "NOT met")}; " +
            $"{kb:F1} KB (baseline {PdfSizeColumn.Size(nameof(RawPdfSharpOnePage)) / 1024.0:F1} KB), target ≤ {TargetKb} KB: {(kb <= TargetKb ? "met" : "NOT met")}; load average {load}"));
    }

    private FontSet fonts = null!;
    private AgreementDocument plain = null!;
    private AgreementDocument rareCharacters = null!;

    [GlobalSetup]
    public void Setup()
    {
        fonts = FontSet.Load(new AgreementOptions());
        plain = Sample("王小明", isVoid: false);
        rareCharacters = Sample("吉𠮷·阿〇", isVoid: false);
        signature = Signature();
        rawText = RawBaseline.Text(plain);
        distinct = RawBaseline.DistinctCharacters(rawText);
    }

    private IReadOnlyList<string> rawText = null!;
    private string distinct = null!;

    /// <summary>The raw baseline (issue #27): the same text and face drawn with plain PDFsharp calls, no layout, one save.</summary>
    [Benchmark(Baseline = true)]
    public byte[] RawPdfSharpOnePage() => RawBaseline.OnePage(rawText, fonts);

    /// <summary>The font subset alone: every distinct character of the agreement drawn once, saved.</summary>
    [Benchmark]
    public byte[] RawFontSubsetOnly() => RawBaseline.FontSubsetOnly(distinct, fonts, fonts.FullFamily);

    /// <summary>The same, from the compact cut of the face the agreement draws with (decision 032): the floor of our own font work.</summary>
    [Benchmark]
    public byte[] RawFontSubsetOnlyCompactFace() => RawBaseline.FontSubsetOnly(distinct, fonts, fonts.Family);

    private AgreementSignature signature = null!;

    /// <summary>A demo CA and signing certificate (RSA 2048), made once in memory as the demo does on first start.</summary>
    public static AgreementSignature Signature()
    {
        var (signer, ca) = DemoCertificates.Create("湖北高校就业网络联盟", DateTimeOffset.UtcNow, demo: true);
        return new AgreementSignature(new AllianceCmsSigner(signer, ca, DateTimeOffset.UtcNow));
    }

    /// <summary>A typical agreement: every character in the main font.</summary>
    [Benchmark]
    public byte[] OneAgreement() => AgreementPdf.Render(plain, fonts, "http://localhost:5080");

    /// <summary>A name with a CJK Extension B character: the fallback face is embedded and the ToUnicode map repaired.</summary>
    [Benchmark]
    public byte[] OneAgreementWithRareCharacters() => AgreementPdf.Render(rareCharacters, fonts, "http://localhost:5080");

    /// <summary>The typical agreement signed: the school's seal drawn into the signature field, the CMS signature computed.</summary>
    [Benchmark]
    public byte[] OneSignedAgreement() => AgreementPdf.Render(plain, fonts, "http://localhost:5080", signature);

    /// <summary>The rare-character agreement signed (the signature goes on at the ToUnicode repair's save).</summary>
    [Benchmark]
    public byte[] OneSignedAgreementWithRareCharacters() => AgreementPdf.Render(rareCharacters, fonts, "http://localhost:5080", signature);

    public static AgreementDocument Sample(string studentName, bool isVoid) => new(
        2027, "湖北工业大学", "105002027000001", "K7M2Q9XP", new DateOnly(2026, 11, 27), isVoid,
        new AgreementEmployer("上海萃思软件有限公司", "913101136915770276", "其他企业", "信息传输、软件和信息技术服务业", "董先生",
            "finace@qq.com", "15821082340", "上海市杨浦区国权北路1688弄月湖路27号1-11", "200438", "上海市黄浦区人力资源中心",
            "上海市黄河路200号", "上海市国权北路248号2幢"),
        new AgreementStudent(studentName, "女", "420106200305071226", "共青团员", "2023010456", "本科生毕业", "计算机科学与技术",
            "计算机学院", "student2027@hbut.edu.cn", "湖北省武汉市洪山区南李路28号", "13907181234"),
        new AgreementTerms("PHP前端工程师", "湖北省 - 武汉市 洪山区街道口银泰创意城1708室", new DateOnly(2027, 7, 1), "湖北省 - 武汉市 洪山区",
            60, 4000, 5000, 3000));
}
