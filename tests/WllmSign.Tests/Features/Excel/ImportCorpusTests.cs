using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Students;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Tests.Features.Excel;

/// <summary>Issue #19, imports: what a hostile and realistic corpus found in both imports.</summary>
public sealed class ImportCorpusTests : ExcelTestBed
{
    private static string Valid(string first17) => first17 + IdNumber.ComputeCheck(first17);

    private static string FullWidth(string s) => new(s.Select(c => c is >= '0' and <= '9' or 'X' ? (char)(c + 0xFEE0) : c).ToArray());

    private object?[] RosterRow(string number, string id, string gender = "", string degree = "本科生毕业", string political = "", object? year = null) =>
        [number, "新同学", id, gender, "计算机学院", "软件工程", degree, year ?? Year, political, "", ""];

    private Task<ExcelImportResult> RosterAsync(params object?[][] rows) =>
        RosterImport().ImportAsync(SchoolAdmin, new MemoryStream(Xlsx(ExcelSheets.Roster.Headers, rows)));

    [Fact]
    public async Task Duplicates_are_judged_after_matching_so_a_wrong_row_does_not_hide_the_right_one()
    {
        var school = await SchoolName(SchoolId);
        var s = (await StudentsOf(SchoolId)).First(x => x.GraduationYear == Year);
        var result = await SendListImport().ImportAsync(Employer, new MemoryStream(SendListXlsx([
            Row(school, Year, s.Name + "错", s.IdNumber),
            Row(school, Year, s.Name, s.IdNumber),
            Row(school, Year, s.Name, s.IdNumber)])));

        Assert.Equal(1, result.Added);
        Assert.Equal([(2, SendListImportService.NotFoundMessage), (4, SendListImportService.DuplicateMessage)],
            result.Rejected.Select(r => (r.RowNumber, r.Reason)));
        await using var db = Db();
        Assert.True(await db.SendList.AnyAsync(e => e.EmployerId == EmployerId && e.StudentId == s.Id));
    }

    [Fact]
    public async Task Roster_degree_and_political_status_must_come_from_the_templates_lists()
    {
        var result = await RosterAsync(
            RosterRow("C1", Valid("42010220040315113"), degree: "小学毕业"),
            RosterRow("C2", Valid("42010220040315114"), political: "外星人"),
            RosterRow("C3", Valid("42010220040315115"), degree: "硕士研究生毕业", political: "群众"));

        Assert.Equal(1, result.Added);
        Assert.Equal([(2, RosterChoices.DegreeMessage), (3, RosterChoices.PoliticalStatusMessage)], result.Rejected.Select(r => (r.RowNumber, r.Reason)));
        Assert.Equal("学历只能填写：博士研究生毕业、硕士研究生毕业、本科生毕业、专科生毕业", RosterChoices.DegreeMessage);
        Assert.Equal(ExcelSheets.Degrees, ExcelSheets.Roster.Columns[ExcelSheets.Roster.IndexOf(ExcelSheets.Degree)].Choices);
    }

    [Fact]
    public async Task Full_width_digits_in_id_number_and_year_are_read_as_digits()
    {
        var id = Valid("42010220040315119");
        var result = await RosterAsync(RosterRow("D1", FullWidth(id), year: FullWidth(Year.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "届"));
        Assert.Empty(result.Rejected);
        Assert.Single(await StudentsOf(SchoolId), s => s.IdNumber == id && s.GraduationYear == Year);

        var xId = Enumerable.Range(100, 900).Select(n => "42010220040315" + n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(f => IdNumber.ComputeCheck(f) == 'X');
        Assert.True(IdNumber.TryParse(FullWidth(xId) + "ｘ", out var parsed, out _));
        Assert.Equal(xId + "X", parsed.Value);
    }

    [Fact]
    public async Task A_gender_that_is_not_男_or_女_is_an_invalid_value_not_a_mismatch()
    {
        var result = await RosterAsync(RosterRow("E1", Valid("42010220040315111"), gender: "M"));
        var row = Assert.Single(result.Rejected);
        Assert.Equal("性别只能填写男或女（也可不填）", row.Reason);
    }

    [Fact]
    public async Task A_cell_over_excels_32767_characters_never_reaches_the_rejected_rows_file()
    {
        object?[] row = ["F1", new string('名', 40_000), "bad-id", "", "计算机学院", "软件工程", "本科生毕业", Year, "", "", ""];
        var ex = await Assert.ThrowsAsync<DomainException>(() => RosterImport().ImportAsync(SchoolAdmin,
            new MemoryStream(HostileWorkbooks.LongCells(ExcelSheets.Roster.Headers, 1, 1, 40_000, _ => row))));
        Assert.Equal("第2行B列的内容超过1000个字，不是模板中的数据。请核对后重新上传", ex.Message);

        // The writer's own guard: a rejected row is always a valid workbook that reads back.
        var file = await WriteAsync(s => ExcelTemplateService.WriteRejectedAsync(ExcelImportKind.SendList,
            [new RejectedRow(2, ["湖北工业大学", "2027", new string('名', 40_000), "1"], "原因")], s));
        var (_, rows) = ReadBack(file);
        Assert.Equal(32_767, rows[0][2].Length);
    }
}
