using System.Globalization;
using WllmSign.Domain.Common;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;

namespace WllmSign.DataGen;

/// <summary>
/// Deterministic synthetic data. Rows are produced lazily (object?[] in the column order of <see cref="Tables"/>);
/// only the plan of the signings (a few bytes each) is kept in memory so that the trail pass agrees with them.
/// Rule 6 holds: only a student's first signing may be an active agreement, the others are never active.
/// </summary>
public sealed class DataSet
{
    public const int SchoolCount = 100;
    private const int ResidenciesPerEmployer = 5;
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "子涵", "欣怡", "浩然", "宇轩"];
    private static readonly string[] Faculties = ["计算机学院", "电气与电子工程学院", "机械工程学院", "经济与管理学院", "外国语学院", "理学院", "土木建筑与环境学院", "材料与化学工程学院", "生物工程与食品学院", "艺术设计学院"];
    private static readonly string[] Majors = ["软件工程", "计算机科学与技术", "电子信息工程", "机械设计制造及其自动化", "会计学", "市场营销", "英语", "应用统计学", "土木工程", "材料科学与工程", "食品科学与工程", "视觉传达设计"];
    private static readonly string[] Positions = ["软件工程师", "测试工程师", "销售代表", "会计", "机械设计师", "翻译", "数据分析师", "施工员", "质检员", "平面设计师"];

    private readonly int seed;
    private readonly DateTimeOffset now;
    private SigningPlan[] plan = [];
    private readonly Dictionary<(int School, int Year), int> counters = [];

    public DataSet(double scale, int seed, DateTimeOffset now)
    {
        this.seed = seed;
        this.now = now;
        StudentCount = (int)(500_000 * scale) / SchoolCount * SchoolCount;
        EmployerCount = Math.Max(1, (int)(20_000 * scale));
        SigningCount = (int)(1_000_000 * scale);
    }

    public int StudentCount { get; }
    public int EmployerCount { get; }
    public int SigningCount { get; }
    public int ResidencyCount => EmployerCount * ResidenciesPerEmployer;
    public int TrailCount => plan.Sum(p => TrailLength((SigningStatus)p.Status));
    public int CounterCount => counters.Count;
    private int StudentsPerSchool => StudentCount / SchoolCount;

    public static string SchoolCode(int schoolId) => (20000 + schoolId).ToString(CultureInfo.InvariantCulture);

    public IEnumerable<object?[]> Schools()
    {
        for (var i = 1; i <= SchoolCount; i++)
            yield return [i, SchoolCode(i), $"数据测试大学{i:D3}", i % 3 == 0 ? "宜昌" : "武汉", $"数据测试大学{i:D3}就业网", true];
    }

    public IEnumerable<object?[]> Employers()
    {
        var registered = now.AddDays(-400);
        for (var i = 1; i <= EmployerCount; i++)
        {
            var first17 = string.Create(CultureInfo.InvariantCulture, $"91420100{i:D9}");
            var credit = first17 + CreditCode.ComputeCheck(first17);
            yield return
            [
                i, $"数据测试科技{i:D5}有限公司", credit, "信息传输、软件和信息技术服务业", "100-499人", "湖北省武汉市洪山区", "430070",
                "张经理", "13800000000", $"hr{i}@datagen.test", registered,
                "其他企业", "湖北省武汉市", "单位接收", "不接收", null, registered.AddDays(1),
            ];
        }
    }

    /// <summary>Each employer is resident (approved) at five schools.</summary>
    public IEnumerable<object?[]> Residencies()
    {
        var id = 0;
        for (var e = 1; e <= EmployerCount; e++)
            for (var k = 0; k < ResidenciesPerEmployer; k++)
            {
                var school = (e * 7 + k * 13) % SchoolCount + 1;
                yield return [++id, e, school, (int)ResidencyStatus.Approved, now.AddDays(-300), now.AddDays(-299), "admin"];
            }
    }

    public (int School, int Year) StudentPlace(int studentId)
    {
        var idx = studentId - 1;
        return (idx / StudentsPerSchool + 1, idx % 2 == 0 ? 2026 : 2027);
    }

    public IEnumerable<object?[]> Students()
    {
        var rnd = new Random(seed);
        var birth0 = new DateOnly(2002, 1, 1);
        for (var id = 1; id <= StudentCount; id++)
        {
            var i = id - 1;
            var (school, year) = StudentPlace(id);
            var region = string.Create(CultureInfo.InvariantCulture, $"420{100 + i / 300_000 % 900:D3}");
            var birth = birth0.AddDays(i / 1000 % 700);
            var first17 = string.Create(CultureInfo.InvariantCulture, $"{region}{birth:yyyyMMdd}{i % 1000:D3}");
            var idNumber = first17 + IdNumber.ComputeCheck(first17);
            var gender = (first17[16] - '0') % 2 == 1 ? "男" : "女";
            var name = Surnames[rnd.Next(Surnames.Length)] + Given[rnd.Next(Given.Length)] + (rnd.Next(3) == 0 ? Given[rnd.Next(Given.Length)] : "");
            var faculty = rnd.Next(Faculties.Length);
            yield return
            [
                id, school, year, name, idNumber, gender, string.Create(CultureInfo.InvariantCulture, $"{year}{i:D7}"),
                Faculties[faculty], Majors[(faculty + rnd.Next(3)) % Majors.Length], rnd.Next(5) == 0 ? "硕士研究生毕业" : "本科生毕业",
                "共青团员", null, null,
            ];
        }
    }

    private struct SigningPlan
    {
        public int Employer;
        public byte Status;
        public byte Requester;
        public short DaysAgo;
        public byte FeedbackDays;
        public int Sequence;
    }

    private static readonly (SigningStatus Status, int Weight)[] FirstSigning =
    [
        (SigningStatus.Invited, 12), (SigningStatus.Declined, 6), (SigningStatus.Expired, 6), (SigningStatus.Withdrawn, 3),
        (SigningStatus.AwaitingVerification, 12), (SigningStatus.VerificationRejected, 3), (SigningStatus.Effective, 45),
        (SigningStatus.TerminationRequested, 3), (SigningStatus.TerminationAwaitingVerification, 3), (SigningStatus.Terminated, 7),
    ];

    private static readonly (SigningStatus Status, int Weight)[] LaterSigning =
    [
        (SigningStatus.Invited, 15), (SigningStatus.Declined, 35), (SigningStatus.Expired, 25), (SigningStatus.Withdrawn, 10),
        (SigningStatus.VerificationRejected, 5), (SigningStatus.Terminated, 10),
    ];

    private static SigningStatus Pick((SigningStatus Status, int Weight)[] table, Random rnd)
    {
        var roll = rnd.Next(table.Sum(t => t.Weight));
        foreach (var (status, weight) in table)
        {
            if (roll < weight) return status;
            roll -= weight;
        }
        return table[^1].Status;
    }

    /// <summary>Decides every signing's employer (skewed: a few employers are large), status and dates.</summary>
    public void PlanSignings()
    {
        var rnd = new Random(seed + 1);
        plan = new SigningPlan[SigningCount];
        for (var i = 0; i < SigningCount; i++)
        {
            var u = rnd.NextDouble();
            var status = Pick(i < StudentCount ? FirstSigning : LaterSigning, rnd);
            var feedback = (byte)rnd.Next(7, 31);
            // Open invitations are recent (most still within their feedback period); finished ones older.
            var daysAgo = status == SigningStatus.Invited ? rnd.Next(0, feedback + 3) : rnd.Next(40, 200);
            plan[i] = new SigningPlan
            {
                Employer = (int)(EmployerCount * u * u) + 1,
                Status = (byte)status,
                Requester = (byte)rnd.Next(2),
                DaysAgo = (short)daysAgo,
                FeedbackDays = feedback,
            };
            if (status is SigningStatus.Effective or SigningStatus.TerminationRequested or SigningStatus.TerminationAwaitingVerification or SigningStatus.Terminated)
            {
                var key = StudentPlace(StudentOf(i));
                counters[key] = plan[i].Sequence = counters.GetValueOrDefault(key) + 1;
            }
        }
    }

    private int StudentOf(int signingIndex) => signingIndex % StudentCount + 1;

    public IEnumerable<object?[]> Signings()
    {
        var rnd = new Random(seed + 2);
        var reportDeadline = new DateOnly(2027, 7, 15);
        for (var i = 0; i < SigningCount; i++)
        {
            var p = plan[i];
            var status = (SigningStatus)p.Status;
            var student = StudentOf(i);
            var (school, year) = StudentPlace(student);
            var invited = now.AddDays(-p.DaysAgo).AddMinutes(-rnd.Next(600));
            var deadline = invited.AddDays(p.FeedbackDays);
            var responded = status is SigningStatus.Invited or SigningStatus.Expired or SigningStatus.Withdrawn ? (DateTimeOffset?)null : invited.AddDays(1);
            var verified = status >= SigningStatus.VerificationRejected ? invited.AddDays(2) : (DateTimeOffset?)null;
            var agreement = p.Sequence > 0 ? AgreementNumber.Create(SchoolCode(school), year, p.Sequence).Value : null;
            var code = p.Sequence > 0 ? VerificationCodeOf(rnd) : null;
            var terminating = status >= SigningStatus.TerminationRequested;
            int? requestedBy = terminating ? p.Requester : null;
            var position = Positions[i % Positions.Length];
            yield return
            [
                i + 1, p.Employer, student, school, year, (int)status,
                "计算机类", position, (int)p.FeedbackDays, 90, 6000, 8000, 0, "湖北省武汉市", reportDeadline, "湖北省武汉市",
                "张经理", "13800000000", "单位接收", "不接收",
                invited, deadline, responded, status == SigningStatus.Declined ? "已有其他选择" : null, verified, agreement, code,
                requestedBy, terminating ? "个人原因" : null, terminating ? invited.AddDays(20) : null,
                status >= SigningStatus.TerminationAwaitingVerification ? invited.AddDays(21) : null,
                status == SigningStatus.Terminated ? invited.AddDays(22) : null,
                false, terminating && p.Requester == 0, terminating && p.Requester == 1, Guid.NewGuid(),
            ];
        }
    }

    private static string VerificationCodeOf(Random rnd)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(8, rnd, (span, r) => { for (var k = 0; k < span.Length; k++) span[k] = alphabet[r.Next(alphabet.Length)]; });
    }

    private static int TrailLength(SigningStatus s) => s switch
    {
        SigningStatus.Invited => 1,
        SigningStatus.AwaitingVerification or SigningStatus.Declined or SigningStatus.Expired or SigningStatus.Withdrawn => 2,
        SigningStatus.Effective or SigningStatus.VerificationRejected => 3,
        SigningStatus.TerminationRequested => 4,
        SigningStatus.TerminationAwaitingVerification => 5,
        _ => 6,
    };

    /// <summary>The 流程追踪 of each signing, matching its status.</summary>
    public IEnumerable<object?[]> Trail()
    {
        var id = 0;
        for (var i = 0; i < SigningCount; i++)
        {
            var p = plan[i];
            var status = (SigningStatus)p.Status;
            var invited = now.AddDays(-p.DaysAgo);
            var employer = $"数据测试科技{p.Employer:D5}有限公司";
            var (school, _) = StudentPlace(StudentOf(i));
            var admin = $"school{SchoolCode(school)}";
            yield return [++id, i + 1, employer, invited, TrailActions.Invite];
            switch (status)
            {
                case SigningStatus.Declined: yield return [++id, i + 1, "学生", invited.AddDays(1), TrailActions.Decline]; continue;
                case SigningStatus.Expired: yield return [++id, i + 1, "系统", invited.AddDays(p.FeedbackDays), TrailActions.Expire]; continue;
                case SigningStatus.Withdrawn: yield return [++id, i + 1, employer, invited.AddDays(1), TrailActions.Withdraw]; continue;
                case SigningStatus.Invited: continue;
            }
            yield return [++id, i + 1, "学生", invited.AddDays(1), TrailActions.Accept];
            if (status == SigningStatus.AwaitingVerification) continue;
            yield return [++id, i + 1, admin, invited.AddDays(2),
                status == SigningStatus.VerificationRejected ? TrailActions.RejectVerification : TrailActions.ApproveVerification];
            if (status is SigningStatus.Effective or SigningStatus.VerificationRejected) continue;
            var byEmployer = p.Requester == 0;
            yield return [++id, i + 1, byEmployer ? employer : "学生", invited.AddDays(20),
                byEmployer ? TrailActions.EmployerRequestsTermination : TrailActions.StudentRequestsTermination];
            if (status == SigningStatus.TerminationRequested) continue;
            yield return [++id, i + 1, byEmployer ? "学生" : employer, invited.AddDays(21), TrailActions.AgreeTermination];
            if (status == SigningStatus.TerminationAwaitingVerification) continue;
            yield return [++id, i + 1, admin, invited.AddDays(22), TrailActions.ApproveTermination];
        }
    }

    public IEnumerable<object?[]> Counters() =>
        counters.OrderBy(c => c.Key).Select(c => new object?[] { c.Key.School, c.Key.Year, c.Value, Guid.NewGuid() });

    public IReadOnlyDictionary<SigningStatus, int> StatusCounts() =>
        plan.GroupBy(p => (SigningStatus)p.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public int SigningsOfEmployer(int employerId) => plan.Count(p => p.Employer == employerId);
}
