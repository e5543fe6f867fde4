using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Tests.Features.Agreements;

namespace WllmSign.Tests.Features.Security;

/// <summary>
/// The agreement test bed on a loopback socket (requests and downloads carry a real client address) and the users
/// whose audit logs the audit tests read: 10500's and 10491's admins, the alliance, the demo employer and student.
/// </summary>
public abstract class AuditTestBase : IAsyncLifetime
{
    protected AgreementTestBed bed = null!;
    protected int otherSchoolId;

    public async Task InitializeAsync()
    {
        bed = await AgreementTestBed.StartAsync(kestrel: true);
        await using var db = bed.NewDb();
        otherSchoolId = await db.Schools.Where(s => s.Code == "10491").Select(s => s.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    protected T Get<T>() where T : notnull => bed.Portal.Services.GetRequiredService<T>();

    protected CurrentUser SchoolAdmin => new("school-admin-10500", "湖北工业大学管理员", Roles.SchoolAdmin, null, null, bed.SchoolId);
    protected CurrentUser OtherSchoolAdmin => new("school-admin-10491", "地大管理员", Roles.SchoolAdmin, null, null, otherSchoolId);
    protected static CurrentUser Alliance => new("alliance", "联盟管理员", Roles.AllianceAdmin, null, null, null);
    protected CurrentUser Employer => new("employer", bed.EmployerName, Roles.Employer, bed.EmployerId, null, null);
    protected CurrentUser Student => new("student", "学生", Roles.Student, null, bed.DemoStudentId, null);
}
