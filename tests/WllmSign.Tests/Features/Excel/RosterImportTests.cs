using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Tests.Features.Excel;

/// <summary>学生名单 import: insert new students, update those matched by 身份证号 within school and year, never delete.</summary>
public sealed class RosterImportTests : ExcelTestBed
{
    private static readonly string NewId = Valid("42010220040315123");

    private static string Valid(string first17) => first17 + IdNumber.ComputeCheck(first17);

    private object?[] RosterRow(string number, string name, string id, string gender = "", string degree = "本科生毕业", object? year = null,
        string phone = "", string email = "") =>
        [number, name, id, gender, "计算机学院", "软件工程", degree, year ?? Year, "", phone, email];

    private Task<ExcelImportResult> ImportAsync(params object?[][] rows) =>
        RosterImport().ImportAsync(SchoolAdmin, new MemoryStream(Xlsx(ExcelSheets.Roster.Headers, rows)));

    [Fact]
    public async Task New_students_are_added_and_existing_ones_updated_never_deleted()
    {
        var before = await StudentsOf(SchoolId);
        var existing = before.First(s => s.GraduationYear == Year);
        var result = await ImportAsync(
            RosterRow("2023009999", "新同学", NewId, phone: "13800138000"),
            RosterRow(existing.StudentNumber, existing.Name + "改", existing.IdNumber));

        Assert.Equal(1, result.Added);
        Assert.Equal(1, result.Updated);
        Assert.Empty(result.Rejected);
        var after = await StudentsOf(SchoolId);
        Assert.Equal(before.Count + 1, after.Count);
        var added = Assert.Single(after, s => s.IdNumber == NewId);
        Assert.Equal(("新同学", "13800138000", "男"), (added.Name, added.Phone, added.Gender));
        var updated = after.Single(s => s.Id == existing.Id);
        Assert.Equal(existing.Name + "改", updated.Name);
        Assert.Equal(existing.Phone, updated.Phone); // a blank 手机 keeps the student's own number
        Assert.Equal(existing.PoliticalStatus, updated.PoliticalStatus);
    }

    [Fact]
    public async Task The_same_id_number_in_another_year_is_a_new_roster_entry()
    {
        var existing = (await StudentsOf(SchoolId)).First(s => s.GraduationYear == Year);
        var result = await ImportAsync(RosterRow("X1", existing.Name, existing.IdNumber, year: Year + 1));
        Assert.Equal((1, 0), (result.Added, result.Updated));
    }

    [Fact]
    public async Task Bad_rows_are_rejected_with_reasons_and_good_rows_still_imported()
    {
        var before = await StudentsOf(SchoolId);
        var result = await ImportAsync(
            RosterRow("A1", "甲", NewId),
            RosterRow("A2", "乙", NewId[..17] + (NewId[17] == '1' ? '2' : '1')),
            RosterRow("A3", "丙", Valid("42010220040315124"), gender: "男"),
            RosterRow("A4", "丁", Valid("42010220040315125"), phone: "12345"),
            RosterRow("", "戊", Valid("42010220040315126")),
            RosterRow("A6", "己", NewId));

        Assert.Equal(1, result.Added);
        Assert.Equal([(3, "身份证号校验位错误，请核对"), (4, RosterImportService.GenderMismatchMessage), (5, "联系电话格式不正确"), (6, "请填写学号"), (7, "文件中重复")],
            result.Rejected.Select(r => (r.RowNumber, r.Reason)));
        Assert.Equal(before.Count + 1, (await StudentsOf(SchoolId)).Count);
    }

    [Fact]
    public async Task Roster_import_changes_only_the_admins_own_school()
    {
        var other = (await StudentsOf(OtherResidentSchoolId)).First();
        var result = await ImportAsync(RosterRow("B1", other.Name + "改", other.IdNumber, year: other.GraduationYear));
        Assert.Equal((1, 0), (result.Added, result.Updated)); // added to 10500; the other school's student untouched
        Assert.Equal(other.Name, (await StudentsOf(OtherResidentSchoolId)).First().Name);
        await using var db = Db();
        Assert.Equal(SchoolId, await db.Students.Where(s => s.Name == other.Name + "改").Select(s => s.SchoolId).SingleAsync());
    }
}
