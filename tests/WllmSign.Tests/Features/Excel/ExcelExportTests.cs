using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WllmSign.Domain.Common;
using WllmSign.Domain.Signings;
using WllmSign.Domain.Students;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.SchoolAdmin.Roster;

namespace WllmSign.Tests.Features.Excel;

/// <summary>Exports: exactly the rows the filters show, masked unless the full export is asked for, streamed over HTTP.</summary>
public sealed class ExcelExportTests : ExcelTestBed
{
    private List<Student> ours = [];
    private Student otherSchool = null!;
    private DateOnly firstDay, laterDay;

    /// <summary>Four tests download through the export endpoints: this class's portal serves requests.</summary>
    public ExcelExportTests() : base(servicesOnly: false)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ours = (await StudentsOf(SchoolId)).Where(s => s.GraduationYear == Year).Take(3).ToList();
        otherSchool = (await StudentsOf(OtherResidentSchoolId)).First(s => s.GraduationYear == Year);
        firstDay = ChinaTime.Today(Clock);
        await Given.Invites(ours[0].Id);
        await Given.Invites(ours[1].Id).Accepted();
        Clock.Advance(TimeSpan.FromDays(3));
        laterDay = ChinaTime.Today(Clock);
        await Given.Invites(ours[2].Id);
        await Given.Invites(otherSchool.Id);
    }

    private async Task<List<List<string>>> ExportAsync(SigningListFilter filter, SigningListTab? tab = null, bool full = false)
    {
        var file = await WriteAsync(s => SigningListExporter().WriteAsync(Employer, tab ?? DataTab.All, filter, full, s));
        var (headers, rows) = ReadBack(file);
        Assert.Equal(["院校名称", "姓名", "身份证号", "学历", "专业", "邀请日期", "应约状态", "鉴证状态"], headers);
        return rows;
    }

    [Fact]
    public async Task Exported_filtered_list_reads_back_as_the_same_rows_the_list_shows()
    {
        var filter = new SigningListFilter { SchoolId = SchoolId, InvitedFrom = firstDay, InvitedTo = firstDay };
        var rows = await ExportAsync(filter);

        await using var db = Db();
        var listed = await EmployerSigningListService.AllRows(db, EmployerId, DataTab.All, filter, Clock.GetUtcNow()).ToListAsync();
        Assert.Equal(2, listed.Count);
        var now = Clock.GetUtcNow();
        var expected = listed.Select(r => new List<string>
        {
            r.SchoolName, r.StudentName, IdNumber.Mask(r.IdNumber), r.Degree, r.Major, firstDay.ToString("yyyy-MM-dd"),
            SigningStatusText.ResponseText(Signing.EffectiveStatus(r.Status, r.Deadline, now)),
            SigningStatusText.VerificationText(Signing.EffectiveStatus(r.Status, r.Deadline, now), r.TerminationVerificationRejected),
        }).ToList();
        Assert.Equal(expected, rows.Select(r => r.Concat(Enumerable.Repeat("", 8 - r.Count)).ToList()).ToList());
        Assert.Equal(new[] { ours[0].Name, ours[1].Name }.Order(), rows.Select(r => r[1]).Order());
    }

    [Fact]
    public async Task Export_holds_exactly_the_rows_of_the_data_centre_list_and_of_the_termination_lists()
    {
        var lists = new EmployerSigningListService(Factory, Clock);
        var listFilter = new SigningListFilter { SchoolId = SchoolId };
        var page = await lists.ListAsync(Employer, DataTab.All, listFilter, new PageRequest(Size: 100));
        var exported = await ExportAsync(listFilter);
        Assert.Equal(page.Items.Select(r => r.StudentName).Order(), exported.Select(r => r[1]).Order());
        Assert.Equal(page.Items.Select(r => r.MaskedIdNumber).Order(), exported.Select(r => r[2]).Order());

        // 已签约成功学生列表: nothing until the school approves ours[1]; then exactly that agreement.
        SigningListTab effective = TerminationTab.EffectiveAgreements;
        Assert.Empty(await ExportAsync(new(), effective));
        await using (var db = Db())
        {
            var id = await db.Signings.Where(x => x.StudentId == ours[1].Id).Select(x => x.Id).SingleAsync();
            var signing = (await WllmSign.Portal.Features.Signings.SigningStore.LoadAsync(db, id))!;
            signing.ApproveVerification(Actor.SchoolAdmin(SchoolId, "管理员"),
                await WllmSign.Portal.Features.Signings.SigningStore.NextAgreementNumberAsync(db, SchoolId, signing.GraduationYear),
                VerificationCode.Generate(), Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        var termination = await lists.ListAsync(Employer, effective, new SigningListFilter(), new PageRequest(Size: 100));
        Assert.Equal(termination.Items.Select(r => r.StudentName), (await ExportAsync(new(), effective)).Select(r => r[1]));
        Assert.Equal([ours[1].Name], termination.Items.Select(r => r.StudentName));
        Assert.Equal("解约办理_已签约成功学生列表_" + ChinaTime.Today(Clock).ToString("yyyyMMdd") + ".xlsx", SigningListExporter().FileName(effective, false));
    }

    [Fact]
    public async Task School_data_export_holds_exactly_the_rows_of_the_schools_list()
    {
        var service = new WllmSign.Portal.Features.SchoolAdmin.Data.SchoolDataService(Factory,
            new WllmSign.Portal.Features.Signings.SigningDetailService(Factory, Clock), Clock);
        var filter = new WllmSign.Portal.Features.SchoolAdmin.Data.SchoolDataFilter { GraduationYear = Year };
        var page = await service.SearchAsync(SchoolAdmin, filter, new PageRequest(0, 100));
        var file = await WriteAsync(s => SchoolDataExporter().WriteAsync(SchoolAdmin, filter, false, s));
        var (headers, rows) = ReadBack(file);
        Assert.Equal("姓名", headers[0]);
        Assert.Equal(3, rows.Count); // ours[0..2]; the other school's invitation is not the admin's
        Assert.Equal(page.Items.Select(r => r.StudentName), rows.Select(r => r[0]));
        Assert.Equal(page.Items.Select(r => r.MaskedIdNumber), rows.Select(r => r[1]));
        Assert.Equal(page.Items.Select(r => r.ResponseText), rows.Select(r => r[8]));

        filter.Name = ours[2].Name;
        var narrowed = ReadBack(await WriteAsync(s => SchoolDataExporter().WriteAsync(SchoolAdmin, filter, false, s))).Rows;
        Assert.Equal(narrowed.Count, (await service.SearchAsync(SchoolAdmin, filter, new PageRequest(0, 100))).Items.Count);
        Assert.All(narrowed, r => Assert.Equal(ours[2].Name, r[0]));
    }

    [Fact]
    public async Task Each_filter_narrows_the_export()
    {
        Assert.Equal(4, (await ExportAsync(new SigningListFilter())).Count);
        Assert.Equal([ours[1].Name], (await ExportAsync(new SigningListFilter(), DataTab.Responded)).Select(r => r[1]));
        Assert.Equal(2, (await ExportAsync(new SigningListFilter { InvitedFrom = laterDay })).Count);
        Assert.Equal([otherSchool.Name], (await ExportAsync(new SigningListFilter { SchoolId = OtherResidentSchoolId })).Select(r => r[1]));
        Assert.Equal([ours[2].Name], (await ExportAsync(new SigningListFilter { IdNumber = ours[2].IdNumber })).Select(r => r[1]));
        Assert.Equal([ours[1].Name], (await ExportAsync(new SigningListFilter { ResponseStatus = "双方已签约" })).Select(r => r[1]));
        Assert.Empty(await ExportAsync(new SigningListFilter { GraduationYear = Year + 5 }));
        Clock.Advance(TimeSpan.FromDays(3)); // the first two invitations' 5-day period ended: ours[0] expired
        Assert.Equal([ours[0].Name], (await ExportAsync(new SigningListFilter { ResponseStatus = "已过期" })).Select(r => r[1]));
        Assert.Equal(2, (await ExportAsync(new SigningListFilter(), DataTab.AwaitingResponse)).Count);
    }

    [Fact]
    public async Task Id_numbers_are_masked_unless_the_full_export_is_asked_for_which_is_logged()
    {
        var filter = new SigningListFilter { IdNumber = ours[2].IdNumber };
        Assert.Equal(IdNumber.Mask(ours[2].IdNumber), Assert.Single(await ExportAsync(filter))[2]);
        var logs = new ListLogger();
        var service = SigningListExporter(new ExcelExportService(Factory, Clock, logs));
        var file = await WriteAsync(s => service.WriteAsync(Employer, DataTab.All, filter, true, s));
        Assert.Equal(ours[2].IdNumber, Assert.Single(ReadBack(file).Rows)[2]);
        Assert.Contains($"full ID export by {Employer.UserId}", Assert.Single(logs.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_and_placement_exports_cover_the_admins_school_only()
    {
        var roster = ReadBack(await WriteAsync(s => RosterExporter().WriteAsync(SchoolAdmin, new RosterFilter { GraduationYear = Year }, false, s)));
        Assert.Equal(ExcelSheets.Roster.Headers, roster.Headers);
        Assert.Equal((await StudentsOf(SchoolId)).Count(s => s.GraduationYear == Year), roster.Rows.Count);
        Assert.DoesNotContain(roster.Rows, r => r[1] == otherSchool.Name && r[2] == IdNumber.Mask(otherSchool.IdNumber));

        // Make ours[1]'s agreement effective: it is the only row of 就业方案.
        await using (var db = Db())
        {
            var id = await db.Signings.Where(s => s.StudentId == ours[1].Id).Select(s => s.Id).SingleAsync();
            var signing = (await WllmSign.Portal.Features.Signings.SigningStore.LoadAsync(db, id))!;
            signing.ApproveVerification(Actor.SchoolAdmin(SchoolId, "管理员"),
                await WllmSign.Portal.Features.Signings.SigningStore.NextAgreementNumberAsync(db, SchoolId, Year), VerificationCode.Generate(), Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        var (headers, rows) = ReadBack(await WriteAsync(s => Exports().WritePlacementAsync(SchoolAdmin, Year, true, s)));
        Assert.Equal(["学号", "姓名", "性别", "身份证号", "院系", "专业", "学历", "单位名称", "统一社会信用代码", "单位性质", "单位所在地", "协议书编号", "签约时间"], headers);
        var row = Assert.Single(rows);
        Assert.Equal([ours[1].StudentNumber, ours[1].Name, ours[1].Gender, ours[1].IdNumber], row.Take(4));
        Assert.Equal([EmployerName, "913101136915770276", "其他企业", "上海市 - 上海市"], row.Skip(7).Take(4));
        Assert.Equal(15, row[11].Length);
        Assert.Equal(laterDay.ToString("yyyy-MM-dd"), row[12]);
    }

    [Fact]
    public async Task Roster_export_of_a_filtered_roster_holds_exactly_the_rows_the_roster_shows()
    {
        using var app = WithTestAuth();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuth.Header, $"{Roles.SchoolAdmin}:{SchoolId}");
        var roster = Portal.Services.GetRequiredService<RosterService>();
        var student = ours[0];
        RosterFilter[] filters =
        [
            new() { GraduationYear = Year },
            new() { GraduationYear = Year, Faculty = student.Faculty },
            new() { StudentNumber = student.StudentNumber },          // 学号: one graduate
            new() { IdNumber = student.IdNumber[..10] },              // 身份证号 is matched whole: nobody
            new() { Faculty = student.Faculty[..2], Major = student.Major }, // 院系 and 专业 are chosen whole: nobody
        ];
        foreach (var filter in filters)
        {
            var shown = (await roster.SearchAsync(SchoolAdmin, filter, new PageRequest(0, PageRequest.MaxSize))).Items;
            Assert.True(shown.Count < PageRequest.MaxSize);
            var response = await client.GetAsync(new Uri(RosterExport.Link(filter), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var exported = ReadBack(await response.Content.ReadAsByteArrayAsync()).Rows;
            var what = RosterExport.Link(filter);
            Assert.True(shown.Select(r => (r.StudentNumber, r.Name, r.MaskedIdNumber)).SequenceEqual(exported.Select(r => (r[0], r[1], r[2]))), what);
        }
        Assert.Single((await roster.SearchAsync(SchoolAdmin, filters[2], new PageRequest())).Items);
        Assert.Empty((await roster.SearchAsync(SchoolAdmin, filters[3], new PageRequest())).Items);
    }

    [Fact]
    public async Task Export_endpoint_streams_the_file_with_a_dated_chinese_name()
    {
        using var app = WithTestAuth();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuth.Header, $"{Roles.Employer}:{EmployerId}");

        var response = await client.GetAsync(new Uri(SigningListExport.Link(DataTab.Responded, new SigningListFilter()), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExcelRegistration.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"数据管理_已应约_{laterDay:yyyyMMdd}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var row = Assert.Single(ReadBack(await response.Content.ReadAsByteArrayAsync()).Rows);
        Assert.Equal((ours[1].Name, IdNumber.Mask(ours[1].IdNumber)), (row[1], row[2]));
    }

    [Fact]
    public async Task Endpoints_are_for_their_role_only()
    {
        using var app = WithTestAuth();
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(ExcelLinks.SendListTemplate, UriKind.Relative))).StatusCode);

        using var school = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        school.DefaultRequestHeaders.Add(TestAuth.Header, $"{Roles.SchoolAdmin}:{SchoolId}");
        Assert.Equal(HttpStatusCode.Forbidden, (await school.GetAsync(new Uri(ExcelLinks.SendListPath, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await school.GetAsync(new Uri(ExcelLinks.SendListTemplate, UriKind.Relative))).StatusCode);
        var template = await school.GetAsync(new Uri(ExcelLinks.RosterTemplate, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("学生名单模板.xlsx", template.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(ExcelSheets.Roster.Headers, ReadBack(await template.Content.ReadAsByteArrayAsync()).Headers);
    }

    [Fact]
    public async Task Rejected_rows_download_only_for_the_user_who_imported()
    {
        using var app = WithTestAuth();
        var store = app.Services.GetRequiredService<RejectedRowsStore>();
        var id = store.Add($"employer-{EmployerId}", ExcelImportKind.SendList, [new RejectedRow(2, ["湖北工业大学", "2027", "张三", "1"], "身份证号应为18位")]);

        using var owner = app.CreateClient();
        owner.DefaultRequestHeaders.Add(TestAuth.Header, $"{Roles.Employer}:{EmployerId}");
        var ok = await owner.GetAsync(new Uri(ExcelLinks.Rejected(id), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("第2行：身份证号应为18位", Assert.Single(ReadBack(await ok.Content.ReadAsByteArrayAsync()).Rows)[4]);

        using var other = app.CreateClient();
        other.DefaultRequestHeaders.Add(TestAuth.Header, $"{Roles.Employer}:{EmployerId + 1000}");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri(ExcelLinks.Rejected(id), UriKind.Relative))).StatusCode);
    }

    private WebApplicationFactory<Program> WithTestAuth() => Portal.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestAuth>(TestAuth.SchemeName, _ => { });
        services.PostConfigure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = TestAuth.SchemeName;
            o.DefaultAuthenticateScheme = TestAuth.SchemeName;
            o.DefaultChallengeScheme = TestAuth.SchemeName;
            o.DefaultForbidScheme = TestAuth.SchemeName;
        });
    }));

    /// <summary>Signs the request in as "Role:scopeId" from a header (user id "role-scopeId").</summary>
    private sealed class TestAuth(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var value = Request.Headers[Header].ToString();
            if (value.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
            var (role, id) = (value.Split(':')[0], value.Split(':')[1]);
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, $"{role.ToLowerInvariant()}-{id}"), new(ClaimTypes.Role, role) };
            claims.Add(new Claim(role == Roles.Employer ? PortalClaims.EmployerId : PortalClaims.SchoolId, id));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }

    private sealed class ListLogger : ILogger<ExcelExportService>
    {
        public List<string> Messages { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
