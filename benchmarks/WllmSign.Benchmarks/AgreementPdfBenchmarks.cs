using BenchmarkDotNet.Attributes;
using WllmSign.Portal.Features.Agreements;
using WllmSign.Portal.Features.Agreements.Signatures;

namespace WllmSign.Benchmarks;

/// <summary>
/// One agreement (电子协议书), warm: target ≤ 25 ms and ≤ 150 KB on the 2-core development machine; signed (issue #20):
/// the signature and the seal add ≤ 10 ms and ≤ 30 KB.
/// </summary>
[MemoryDiagnoser]
public class AgreementPdfBenchmarks
{
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
    }

    private AgreementSignature signature = null!;

    /// <summary>A demo CA and signing certificate (RSA 2048), made once in memory as the demo does on first start.</summary>
    public static AgreementSignature Signature()
    {
        var (signer, ca) = DemoCertificates.Create("湖北高校就业网络联盟", DateTimeOffset.UtcNow, demo: true);
        return new AgreementSignature(new AllianceCmsSigner(signer, ca, DateTimeOffset.UtcNow));
    }

    /// <summary>A typical agreement: every character in the main font.</summary>
    [Benchmark(Baseline = true)]
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
