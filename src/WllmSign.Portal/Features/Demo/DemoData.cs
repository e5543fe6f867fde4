using WllmSign.Domain.Schools;

namespace WllmSign.Portal.Features.Demo;

public sealed class DemoOptions
{
    /// <summary>
    /// Seed the demo schools, accounts and students at start-up. Off by default (appsettings.json is production);
    /// scripts/run.sh, appsettings.Development.json and the test host turn it on.
    /// </summary>
    public bool Seed { get; set; }

    /// <summary>
    /// In Production the portal refuses to start with <see cref="Seed"/> on (demo accounts with a published password)
    /// unless this is set too: only scripts/run.sh's embedded demo does so.
    /// </summary>
    public bool AllowInProduction { get; set; }

    /// <summary>Why the portal refuses to start, or null when it may: demo seeding in Production without the explicit permission.</summary>
    public string? RefusalIn(IHostEnvironment env) =>
        Seed && env.IsProduction() && !AllowInProduction
            ? "Refusing to start: Demo:Seed is true in Production. It would create demo accounts (alliance and school admins " +
              "included) whose password is published in the README. Set Demo:Seed=false for a real installation, or, for a " +
              "demonstration only, also set Demo:AllowInProduction=true (scripts/run.sh does)."
            : null;
    public string Password { get; set; } = "Wllm2026!demo";
    public int StudentsPerSchool { get; set; } = 60;
}

/// <summary>One demo login, as the start-up log and the README list them.</summary>
public sealed record DemoLogin(string Role, string Email, string Who);

/// <summary>
/// Demo data for the embedded mode: the member schools named in the employer manual, an admin per school,
/// the alliance admin, the manual's demo employer resident at two schools, and students with valid ID numbers.
/// Idempotent: it seeds only an empty database.
/// </summary>
public sealed class DemoData(AppDbContext db, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public const string EmployerEmail = "employer@wllm.test";
    public const string AllianceEmail = "alliance@wllm.test";
    public const string StudentEmail = "student@wllm.test";
    public const string EmployerName = "上海萃思软件有限公司";
    public const string EmployerCreditCode = "913101136915770276";

    /// <summary>(code, name, city, 就业网名称) — schools listed in the manual; codes are the national school codes as the demo uses them.</summary>
    public static readonly (string Code, string Name, string City, string JobSite)[] Schools =
    [
        ("10500", "湖北工业大学", "湖北省 - 武汉市", "湖北工业大学就业信息网"),
        ("10491", "中国地质大学（武汉）", "湖北省 - 武汉市", "中国地质大学就业信息网"),
        ("10504", "华中农业大学", "湖北省 - 武汉市", "华中农业大学就业信息网"),
        ("10512", "湖北大学", "湖北省 - 武汉市", "湖北大学就业创业信息网"),
        ("11072", "江汉大学", "湖北省 - 武汉市", "江汉大学就业信息网"),
        ("11654", "武汉商学院", "湖北省 - 武汉市", "武汉商学院就业网"),
        ("10507", "湖北中医药大学", "湖北省 - 武汉市", "湖北中医药大学就业信息网"),
        ("10524", "中南民族大学", "湖北省 - 武汉市", "中南民族大学研究生就业信息网"),
        ("10834", "武汉职业技术学院", "湖北省 - 武汉市", "武汉职业技术学院就业信息网"),
        ("12809", "长江职业学院", "湖北省 - 武汉市", "长江职业学院就业信息网"),
        ("12756", "湖北警官学院", "湖北省 - 武汉市", "湖北警官学院就业信息网"),
        ("12310", "武汉东湖学院", "湖北省 - 武汉市", "武汉东湖学院就业信息网"),
        ("10522", "武汉体育学院", "湖北省 - 武汉市", "武汉体育学院就业信息网"),
        ("10511", "武汉音乐学院", "湖北省 - 武汉市", "武汉音乐学院就业信息网"),
        ("10520", "湖北经济学院", "湖北省 - 武汉市", "湖北经济学院就业信息网"),
    ];

    /// <summary>The two schools where the demo employer is resident.</summary>
    public static readonly string[] ResidentSchoolCodes = ["10500", "10491"];

    private static readonly (string Faculty, string[] Majors)[] Faculties =
    [
        ("计算机学院", ["计算机科学与技术", "软件工程", "网络工程"]),
        ("机械工程学院", ["机械设计制造及其自动化", "车辆工程"]),
        ("经济与管理学院", ["会计学", "市场营销", "国际经济与贸易"]),
        ("外国语学院", ["英语", "日语"]),
        ("材料与化学工程学院", ["化学工程与工艺", "材料科学与工程"]),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "子涵", "浩然", "思远", "雨萱", "梓轩", "欣怡", "宇航", "佳怡", "俊杰", "晨曦"];
    private static readonly string[] Regions = ["420102", "420106", "420111", "420502", "420602", "421002", "420881", "420984"];
    private static readonly string[] Degrees = ["本科生毕业", "本科生毕业", "本科生毕业", "硕士研究生毕业", "专科生毕业"];
    private static readonly string[] Political = ["共青团员", "共青团员", "中共党员", "群众"];

    public static List<DemoLogin> Logins() =>
    [
        new("单位", EmployerEmail, EmployerName),
        new("学生", StudentEmail, "湖北工业大学 2027届（演示学生）"),
        new("学校", SchoolAdminEmail("10500"), "湖北工业大学 就业指导中心"),
        new("学校", SchoolAdminEmail("10491"), "中国地质大学（武汉） 就业指导中心"),
        new("联盟", AllianceEmail, "联盟管理员"),
    ];

    public static string SchoolAdminEmail(string schoolCode) => $"school{schoolCode}@wllm.test";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    public async Task<bool> SeedAsync(DemoOptions options)
    {
        await EnsureRolesAsync();
        if (await db.Schools.AnyAsync()) return false;

        var now = clock.GetUtcNow();
        var schools = Schools.Select(s => new School(s.Code, s.Name, s.City, s.JobSite)).ToList();
        db.Schools.AddRange(schools);
        await db.SaveChangesAsync();

        var employer = new Employer(EmployerName, EmployerCreditCode, "董先生", "15821082340", EmployerEmail, now);
        employer.UpdateProfile("信息传输、软件和信息技术服务业", "50-150人", "上海市杨浦区国权北路248号", "200433");
        employer.ConfirmSigningInfo(SigningInfo.Create("其他企业", "上海市 - 上海市", SigningInfoOptions.ArchiveForwarded,
            "上海市黄浦区人力资源中心", "上海市黄河路200号", "200003", "周老师", "021-63500000",
            "人才服务机构集体户", "上海市国权北路248号2幢"), now.AddDays(-31));
        db.Employers.Add(employer);
        await db.SaveChangesAsync();

        foreach (var code in ResidentSchoolCodes)
        {
            var school = schools.Single(s => s.Code == code);
            var residency = new Residency(employer.Id, school.Id, now.AddDays(-30));
            residency.Approve(SchoolAdminEmail(code), now.AddDays(-29));
            db.Residencies.Add(residency);
        }

        var year = GraduationYear.Current(clock);
        var random = new Random(20261127);
        var usedIds = new HashSet<string>();
        var students = new List<Student>();
        foreach (var school in schools)
        {
            for (var i = 0; i < options.StudentsPerSchool; i++)
            {
                var (faculty, majors) = Faculties[i % Faculties.Length];
                var major = majors[random.Next(majors.Length)];
                var gradYear = i % 6 == 5 ? year - 1 : year;
                var idNumber = NewIdNumber(random, gradYear, usedIds);
                var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
                var studentNumber = $"{gradYear - 4}{school.Code[^3..]}{i + 1:D4}";
                var student = new Student(school.Id, gradYear, name, idNumber, studentNumber, faculty, major, Degrees[random.Next(Degrees.Length)]);
                student.SetContact(Political[random.Next(Political.Length)], $"1{random.Next(3, 10)}{random.Next(100000000, 999999999)}",
                    null, $"湖北省武汉市洪山区珞喻路{random.Next(1, 999)}号");
                students.Add(student);
            }
        }
        db.Students.AddRange(students);
        await db.SaveChangesAsync();

        await CreateUserAsync(EmployerEmail, EmployerName, Roles.Employer, options.Password, u => u.EmployerId = employer.Id);
        await CreateUserAsync(AllianceEmail, "联盟管理员", Roles.AllianceAdmin, options.Password, _ => { });
        foreach (var school in schools)
        {
            await CreateUserAsync(SchoolAdminEmail(school.Code), $"{school.Name}管理员", Roles.SchoolAdmin, options.Password, u => u.SchoolId = school.Id);
        }
        var demoStudent = students.First(s => s.SchoolId == schools[0].Id && s.GraduationYear == year);
        await CreateUserAsync(StudentEmail, demoStudent.Name, Roles.Student, options.Password, u => u.StudentId = demoStudent.Id);
        return true;
    }

    private async Task CreateUserAsync(string email, string displayName, string role, string password, Action<ApplicationUser> link)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        link(user);
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        await users.AddToRoleAsync(user, role);
    }

    /// <summary>A valid, unique GB 11643 number of someone born about 22 years before graduating.</summary>
    public static string NewIdNumber(Random random, int graduationYear, HashSet<string> used)
    {
        while (true)
        {
            var birth = new DateOnly(graduationYear - 22, 1, 1).AddDays(random.Next(0, 730));
            var first17 = Regions[random.Next(Regions.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + random.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture);
            var id = first17 + IdNumber.ComputeCheck(first17);
            if (used.Add(id)) return id;
        }
    }
}
