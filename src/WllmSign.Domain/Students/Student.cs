using WllmSign.Domain.Common;

namespace WllmSign.Domain.Students;

/// <summary>A graduate on a school's roster (毕业生名单).</summary>
public sealed class Student
{
    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    /// <summary>毕业年度, e.g. 2026 for 2026届.</summary>
    public int GraduationYear { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>身份证号 (GB 11643), upper-case X.</summary>
    public string IdNumber { get; private set; } = "";
    public string Gender { get; private set; } = "";
    /// <summary>学号.</summary>
    public string StudentNumber { get; private set; } = "";
    /// <summary>院系.</summary>
    public string Faculty { get; private set; } = "";
    /// <summary>专业.</summary>
    public string Major { get; private set; } = "";
    /// <summary>学历, e.g. 本科生毕业.</summary>
    public string Degree { get; private set; } = "";
    /// <summary>政治面貌.</summary>
    public string? PoliticalStatus { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    /// <summary>通讯地址.</summary>
    public string? Address { get; private set; }

    /// <summary>The longest value of each roster field, in characters (the import caps its cells with these).</summary>
    public const int NameMaxLength = 30, StudentNumberMaxLength = 30, FacultyMaxLength = 60, MajorMaxLength = 60,
        DegreeMaxLength = 20, PoliticalStatusMaxLength = 20, PhoneMaxLength = 30, EmailMaxLength = 100, AddressMaxLength = 120;

    private Student() { }

    public Student(int schoolId, int graduationYear, string name, string idNumber, string studentNumber,
        string faculty, string major, string degree)
    {
        SchoolId = schoolId;
        SetRoster(graduationYear, name, idNumber, studentNumber, faculty, major, degree);
    }

    /// <summary>The fields the school's roster owns.</summary>
    public void SetRoster(int graduationYear, string name, string idNumber, string studentNumber,
        string faculty, string major, string degree)
    {
        if (graduationYear is < 2000 or > 2100) throw new DomainException("毕业年度无效");
        var id = Common.IdNumber.Parse(idNumber);
        GraduationYear = graduationYear;
        Name = Text.Required(name, "姓名", NameMaxLength);
        IdNumber = id.Value;
        Gender = id.Gender;
        StudentNumber = Text.Required(studentNumber, "学号", StudentNumberMaxLength);
        Faculty = Text.Required(faculty, "院系", FacultyMaxLength);
        Major = Text.Required(major, "专业", MajorMaxLength);
        Degree = RosterChoices.RequireDegree(degree);
    }

    /// <summary>The 乙方 fields the student keeps up to date.</summary>
    public void SetContact(string? politicalStatus, string? phone, string? email, string? address)
    {
        PoliticalStatus = Text.Optional(politicalStatus, "政治面貌", PoliticalStatusMaxLength);
        var p = Text.Optional(phone, "联系电话", PhoneMaxLength);
        if (p is not null && !Text.IsPhone(p)) throw new DomainException("联系电话格式不正确");
        Phone = p;
        var e = Text.Optional(email, "邮箱", EmailMaxLength);
        if (e is not null && !Text.IsEmail(e)) throw new DomainException("邮箱格式不正确");
        Email = e;
        Address = Text.Optional(address, "通讯地址", AddressMaxLength);
    }
}
