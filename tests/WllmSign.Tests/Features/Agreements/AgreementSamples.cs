using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>Agreement data with every field filled, rare characters in the names, and a font set loaded once.</summary>
public static class AgreementSamples
{
    public const string BaseUrl = "https://wllm.example.cn";

    private static readonly Lazy<FontSet> LazyFonts = new(() => FontSet.Load(new AgreementOptions()));
    public static FontSet Fonts => LazyFonts.Value;

    public static AgreementDocument Document(bool isVoid = false, string studentName = "吉𠮷·阿〇", string employerName = "上海萃思软件有限公司") => new(
        GraduationYear: 2027,
        SchoolName: "湖北工业大学",
        AgreementNumber: "105002027000001",
        VerificationCode: "K7M2Q9XP",
        SignedOn: new DateOnly(2026, 11, 27),
        IsVoid: isVoid,
        Employer: new AgreementEmployer(
            Name: employerName,
            CreditCode: "913101136915770276",
            Nature: "其他企业",
            Industry: "信息传输、软件和信息技术服务业",
            ContactName: "董先生",
            Email: "finace@qq.com",
            Phone: "15821082340",
            Address: "上海市杨浦区国权北路1688弄月湖路27号1-11",
            Postcode: "200438",
            ArchiveUnit: "上海市黄浦区人力资源中心",
            ArchiveAddress: "上海市黄河路200号",
            HukouAddress: "上海市国权北路248号2幢"),
        Student: new AgreementStudent(
            Name: studentName,
            Gender: "女",
            IdNumber: "420106200305071226",
            PoliticalStatus: "共青团员",
            StudentNumber: "2023010456",
            Degree: "本科生毕业",
            Major: "计算机科学与技术",
            Faculty: "计算机学院",
            Email: "student2027@hbut.edu.cn",
            Address: "湖北省武汉市洪山区南李路28号",
            Phone: "13907181234"),
        Terms: new AgreementTerms(
            Position: "PHP前端工程师",
            WorkPlace: "湖北省 - 武汉市 洪山区街道口银泰创意城1708室",
            ReportDeadline: new DateOnly(2027, 7, 1),
            ReportPlace: "湖北省 - 武汉市 洪山区",
            ProbationDays: 60,
            ProbationSalary: 4000,
            RegularSalary: 5000,
            Penalty: 3000));
}
