using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Invitations;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Tests.Features.Excel;

/// <summary>导入拟签约名单: matching on all four keys, one reason per rejected row, batching and one transaction.</summary>
public sealed class SendListImportTests : ExcelTestBed
{
    private string school = "";
    private List<WllmSign.Domain.Students.Student> students = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        school = await SchoolName(SchoolId);
        students = (await StudentsOf(SchoolId)).Where(s => s.GraduationYear == Year).ToList();
    }

    private object?[] RowOf(WllmSign.Domain.Students.Student s) => Row(school, Year, s.Name, s.IdNumber);

    private async Task<ExcelImportResult> ImportAsync(params object?[][] rows) =>
        await SendListImport().ImportAsync(Employer, new MemoryStream(SendListXlsx(rows)));

    private async Task<List<int>> SendListAsync()
    {
        await using var db = Db();
        return await db.SendList.Where(e => e.EmployerId == EmployerId).Select(e => e.StudentId).OrderBy(id => id).ToListAsync();
    }

    private static void AssertRejected(ExcelImportResult result, int rowNumber, string reason)
    {
        var row = Assert.Single(result.Rejected);
        Assert.Equal(rowNumber, row.RowNumber);
        Assert.Equal(reason, row.Reason);
    }

    [Fact]
    public async Task Rows_matching_all_four_keys_join_the_send_list()
    {
        var other = (await StudentsOf(OtherResidentSchoolId)).First(s => s.GraduationYear == Year);
        var result = await ImportAsync(RowOf(students[0]), RowOf(students[1]),
            Row(await SchoolName(OtherResidentSchoolId), $"{Year}届", other.Name, other.IdNumber.ToLowerInvariant()));

        Assert.Equal(3, result.Added);
        Assert.Empty(result.Rejected);
        Assert.Null(result.RejectedFileId);
        Assert.Equal(new[] { students[0].Id, students[1].Id, other.Id }.Order(), await SendListAsync());
    }

    [Fact]
    public async Task Row_with_a_different_name_finds_no_student()
    {
        var result = await ImportAsync(RowOf(students[0]), Row(school, Year, students[1].Name + "某", students[1].IdNumber));
        Assert.Equal(1, result.Added);
        AssertRejected(result, 3, SendListImportService.NotFoundMessage);
        Assert.Equal("未找到该学生（学校、毕业年度、姓名、身份证号须全部一致）", result.Rejected[0].Reason);
    }

    [Fact]
    public async Task Row_with_another_graduation_year_finds_no_student()
    {
        var result = await ImportAsync(Row(school, Year + 1, students[0].Name, students[0].IdNumber));
        AssertRejected(result, 2, SendListImportService.NotFoundMessage);
        Assert.Empty(await SendListAsync());
    }

    [Fact]
    public async Task Row_of_a_school_where_the_employer_is_not_resident_is_refused()
    {
        var s = (await StudentsOf(NonResidentSchoolId)).First(x => x.GraduationYear == Year);
        var result = await ImportAsync(Row(await SchoolName(NonResidentSchoolId), Year, s.Name, s.IdNumber));
        AssertRejected(result, 2, Signing.NoResidencyMessage);
        Assert.Empty(await SendListAsync());
    }

    [Fact]
    public async Task Id_number_with_a_wrong_check_digit_is_refused_with_the_domain_message()
    {
        var id = students[0].IdNumber;
        var wrong = id[..17] + (id[17] == '1' ? '2' : '1');
        var result = await ImportAsync(Row(school, Year, students[0].Name, wrong));
        AssertRejected(result, 2, "身份证号校验位错误，请核对");
    }

    [Fact]
    public async Task Id_number_mangled_into_scientific_notation_is_refused()
    {
        var asNumber = double.Parse(students[0].IdNumber[..17], System.Globalization.CultureInfo.InvariantCulture) * 10;
        var result = await ImportAsync(Row(school, Year, students[0].Name, asNumber), Row(school, Year, students[1].Name, "4.20102E+17"));
        Assert.Equal(2, result.Rejected.Count);
        Assert.All(result.Rejected, r => Assert.Equal(ExcelCells.IdNumberAsNumberMessage, r.Reason));
    }

    [Fact]
    public async Task Second_row_of_the_same_student_is_a_duplicate()
    {
        var result = await ImportAsync(RowOf(students[0]), RowOf(students[1]), RowOf(students[0]));
        Assert.Equal(2, result.Added);
        AssertRejected(result, 4, "文件中重复");
    }

    [Fact]
    public async Task Student_already_on_the_send_list_is_refused()
    {
        await ImportAsync(RowOf(students[0]));
        var result = await ImportAsync(RowOf(students[0]), RowOf(students[1]));
        Assert.Equal(1, result.Added);
        AssertRejected(result, 2, SendListEntry.AlreadyInListMessage);
        Assert.Equal(new[] { students[0].Id, students[1].Id }.Order(), await SendListAsync());
    }

    [Fact]
    public async Task Student_with_an_active_agreement_is_refused()
    {
        await Given.Invites(students[0].Id).Accepted();
        var result = await ImportAsync(RowOf(students[0]));
        AssertRejected(result, 2, Signing.StudentHasActiveAgreementMessage);
        Assert.Empty(await SendListAsync());
    }

    [Fact]
    public async Task Missing_cells_and_bad_years_are_reported_per_row()
    {
        var result = await ImportAsync(Row("", Year, students[0].Name, students[0].IdNumber), Row(school, "明年", students[0].Name, students[0].IdNumber),
            Row(school, Year, "", students[0].IdNumber), Row("不存在的大学", Year, students[0].Name, students[0].IdNumber));
        Assert.Equal(["请填写毕业学校", ExcelCells.YearMessage, "请填写姓名", SendListImportService.UnknownSchoolMessage],
            result.Rejected.Select(r => r.Reason));
        Assert.Equal([2, 3, 4, 5], result.Rejected.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task Headers_may_come_in_any_order_and_extra_columns_are_ignored()
    {
        var file = Xlsx(["身份证号", "备注", "姓名", "毕业年度", "毕业学校"], [[students[0].IdNumber, "x", students[0].Name, Year, school]]);
        var result = await SendListImport().ImportAsync(Employer, new MemoryStream(file));
        Assert.Equal(1, result.Added);
        Assert.Equal([students[0].Id], await SendListAsync());
    }

    [Fact]
    public async Task Rejected_rows_download_with_a_reason_column_and_can_be_fixed_and_uploaded_again()
    {
        var result = await ImportAsync(RowOf(students[0]), Row(school, Year, students[1].Name + "某", students[1].IdNumber));
        var file = await WriteAsync(s => ExcelTemplateService.WriteRejectedAsync(result.Kind, result.Rejected, s));

        var (headers, rows) = ReadBack(file);
        Assert.Equal(["毕业学校", "毕业年度", "姓名", "身份证号", "原因"], headers);
        var row = Assert.Single(rows);
        Assert.Equal([school, Year.ToString(System.Globalization.CultureInfo.InvariantCulture), students[1].Name + "某", students[1].IdNumber], row.Take(4));
        Assert.Equal($"第3行：{SendListImportService.NotFoundMessage}", row[4]);

        // The employer corrects the name in the downloaded file and uploads it as it is (原因 column included).
        var fixedFile = Xlsx(headers, [[school, Year, students[1].Name, students[1].IdNumber, row[4]]]);
        var again = await SendListImport().ImportAsync(Employer, new MemoryStream(fixedFile));
        Assert.Equal(1, again.Added);
        Assert.Empty(again.Rejected);
    }

    [Fact]
    public async Task Import_of_2000_rows_issues_a_bounded_number_of_queries()
    {
        var many = await AddStudentsAsync(SchoolId, 2000);
        var file = SendListXlsx(many.Select(RowOf));
        Commands.Reset();

        var result = await SendListImport().ImportAsync(Employer, new MemoryStream(file));

        Assert.Equal(2000, result.Added);
        Assert.True(Commands.Count < 20, $"{Commands.Count} commands:\n{string.Join("\n---\n", Commands.Texts.Select(t => t[..Math.Min(120, t.Length)]))}");
        Assert.Equal(2000, (await SendListAsync()).Count);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1000)]
    [InlineData(1001)]
    public async Task Files_across_the_lookup_and_insert_chunk_edges_add_every_eligible_row_once(int count)
    {
        var many = await AddStudentsAsync(SchoolId, count);
        await ImportAsync(RowOf(many[^1]));               // already on the list: the last student, in the last chunk
        await Given.Invites(many[count / 2].Id).Accepted();   // an active agreement: a student in the middle
        var rows = many.Select(RowOf).Append(RowOf(many[0])).ToList(); // the first student again, after the edge
        Commands.Reset();

        // 1,000 ID numbers a lookup and 998 rows an INSERT: 999 and 1,000 rows take one lookup, 1,001 two; 997 and
        // 998 added rows one INSERT, 999 two.
        var result = await SendListImport(lookupChunk: 1000, rowsPerInsert: 998).ImportAsync(Employer, new MemoryStream(SendListXlsx(rows)));

        Assert.Equal(count - 2, result.Added);
        Assert.Equal(
            [(count / 2 + 2, Signing.StudentHasActiveAgreementMessage), (count + 1, SendListEntry.AlreadyInListMessage), (count + 2, "文件中重复")],
            result.Rejected.Select(r => (r.RowNumber, r.Reason)));
        var list = await SendListAsync();
        Assert.Equal(many.Select(s => s.Id).Where(id => id != many[count / 2].Id).Order(), list);
        Assert.Equal(count > 1000 ? 2 : 1, Commands.Texts.Count(t => t.Contains("FROM \"Students\"", StringComparison.Ordinal)));
        Assert.Equal(count - 2 > 998 ? 2 : 1, Commands.Texts.Count(t => t.Contains("INSERT INTO \"SendList\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failure_half_way_through_saving_leaves_nothing_behind()
    {
        var many = await AddStudentsAsync(SchoolId, 800); // three INSERT statements of up to 300 rows (lowered from 5,000)
        var failing = new CommandCounter();
        var inserts = 0;
        failing.FailWhen = (cmd, _) => cmd.CommandText.Contains("INSERT INTO \"SendList\"", StringComparison.Ordinal) && ++inserts == 2;
        var factory = new TestDbFactory(Portal, failing);
        var before = await SnapshotAsync();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() =>
            SendListImport(factory, rowsPerInsert: 300).ImportAsync(Employer, new MemoryStream(SendListXlsx(many.Select(RowOf)))));

        Assert.Contains("simulated failure half-way", ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, inserts); // the first statement's 300 rows had been written when the second failed
        Assert.Equal(before, await SnapshotAsync());
        Assert.Empty(await SendListAsync());
    }

    [Fact]
    public async Task A_thousand_guesses_of_one_name_test_no_more_keys_than_the_search_budget_allows()
    {
        // One real graduate's name with 999 made-up ID numbers, and the real number last (decision 019).
        var target = students[0];
        var used = new HashSet<string>(students.Select(s => s.IdNumber));
        var random = new Random(17);
        var rows = Enumerable.Range(0, 999).Select(_ => Row(school, Year, target.Name, WllmSign.Portal.Features.Demo.DemoData.NewIdNumber(random, Year, used)))
            .Append(RowOf(target)).ToArray();

        var result = await ImportAsync(rows);

        // 签约搜索's budget (30 a minute per employer): 30 rows were looked up and not found; every later row,
        // the real graduate's included, is refused with the wait and reveals nothing.
        Assert.Equal(0, result.Added);
        Assert.Equal(1000, result.Rejected.Count);
        Assert.Equal(30, result.Rejected.Count(r => r.Reason == SendListImportService.NotFoundMessage));
        Assert.All(result.Rejected.Skip(30), r => Assert.StartsWith("搜索过于频繁，请", r.Reason, StringComparison.Ordinal));
        Assert.Empty(await SendListAsync());
        // The budget is the search page's: the employer's next 签约搜索 is refused too.
        var limits = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<WllmSign.Portal.Infrastructure.CircuitRateLimits>(Portal.Services);
        Assert.False(limits.TryAcquire(WllmSign.Portal.Infrastructure.CircuitAction.EmployerSearch, $"employer:{EmployerId}", out _));
    }

    [Fact]
    public async Task Progress_is_reported_up_to_100()
    {
        var seen = new List<int>();
        var progress = new SyncProgress(seen.Add);
        await SendListImport().ImportAsync(Employer, new MemoryStream(SendListXlsx([RowOf(students[0])])), progress);
        Assert.Equal(100, seen[^1]);
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public async Task Only_employers_can_import_a_send_list()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            SendListImport().ImportAsync(SchoolAdmin, new MemoryStream(SendListXlsx([RowOf(students[0])]))));
        Assert.Empty(await SendListAsync());
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
