using SpreadCheetah;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// The templates (下载excel模板), generated on request: Chinese headers, frozen header row, 身份证号 as text, drop-down
/// lists for fixed value sets (毕业学校 = the employer's resident schools, 性别, 学历, 政治面貌), notes on the headers and
/// a 填写说明 sheet. Also the rejected-rows file of an import (the template's columns plus 原因).
/// </summary>
public sealed class ExcelTemplateService(IDbContextFactory<AppDbContext> dbFactory, ExcelLimits limits)
{
    public const string SendListFileName = "拟签约名单模板.xlsx";
    public const string RosterFileName = "学生名单模板.xlsx";
    private const string OptionsSheet = "下拉选项";

    /// <summary>拟签约名单 for the signed-in employer; 毕业学校 lists its approved (已入驻) schools.</summary>
    public async Task WriteSendListTemplateAsync(CurrentUser user, Stream output, CancellationToken ct = default)
    {
        var employerId = user.RequireEmployer();
        List<string> schools;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            schools = await db.Residencies.Where(r => r.EmployerId == employerId && r.Status == ResidencyStatus.Approved)
                .Join(db.Schools, r => r.SchoolId, s => s.Id, (r, s) => s.Name)
                .OrderBy(n => n).ToListAsync(ct);
        }
        var spec = ExcelSheets.SendList;
        await using var writer = await ExcelSheetWriter.StartAsync(output, spec.SheetName, spec.Columns, ct);
        writer.AddNotesAndLists(limits.MaxRows);
        if (schools.Count > 0)
        {
            writer.AddList(spec.IndexOf(ExcelSheets.School), DataValidation.ListValuesFromCells(OptionsSheet, $"A1:A{schools.Count}"), limits.MaxRows);
        }
        writer.AddList(spec.IndexOf(ExcelSheets.Year), DataValidation.IntegerBetween(2000, 2100), limits.MaxRows);
        await WriteInstructionsAsync(writer.Book,
        [
            "拟签约名单填写说明",
            "1. 第一行为表头，请勿修改、删除表头；从第二行开始，每行填写一名学生。",
            "2. 毕业学校：从下拉列表中选择（只列出已入驻并审核通过的学校）。",
            "3. 毕业年度：四位年份，如 2027（即2027届）。",
            "4. 毕业学校、毕业年度、姓名、身份证号须与学校的毕业生名单全部一致，才能导入。",
            "5. 身份证号列已设为文本格式，请直接输入18位号码，勿改为数字格式。",
            $"6. 每次最多导入{limits.MaxRows}行，文件不超过{limits.MaxSizeText}。",
        ], ct);
        await writer.Book.StartWorksheetAsync(OptionsSheet, new WorksheetOptions { Visibility = WorksheetVisibility.Hidden }, ct);
        foreach (var school in schools) await writer.Book.AddRowAsync(new[] { new Cell(school) }, ct);
        await writer.FinishAsync(ct);
    }

    /// <summary>学生名单 for a school admin.</summary>
    public async Task WriteRosterTemplateAsync(CurrentUser user, Stream output, CancellationToken ct = default)
    {
        user.RequireSchool();
        var spec = ExcelSheets.Roster;
        await using var writer = await ExcelSheetWriter.StartAsync(output, spec.SheetName, spec.Columns, ct);
        writer.AddNotesAndLists(limits.MaxRows);
        writer.AddList(spec.IndexOf(ExcelSheets.Year), DataValidation.IntegerBetween(2000, 2100), limits.MaxRows);
        await WriteInstructionsAsync(writer.Book,
        [
            "学生名单填写说明",
            "1. 第一行为表头，请勿修改、删除表头；从第二行开始，每行填写一名学生。",
            "2. 学号、姓名、身份证号、院系、专业、学历、毕业年度必填；性别、政治面貌、手机、邮箱可不填。",
            "3. 同一毕业年度中身份证号已在名单中的学生将被更新，其余新增；导入不会删除任何学生。",
            "4. 更新时，性别、政治面貌、手机、邮箱留空的，保留原有信息。",
            "5. 身份证号列已设为文本格式，请直接输入18位号码，勿改为数字格式。",
            $"6. 每次最多导入{limits.MaxRows}行，文件不超过{limits.MaxSizeText}。",
        ], ct);
        await writer.FinishAsync(ct);
    }

    /// <summary>The rows an import rejected, in the template's columns plus 原因, so they can be fixed and uploaded again.</summary>
    public static async Task WriteRejectedAsync(ExcelImportKind kind, IReadOnlyList<RejectedRow> rows, Stream output, CancellationToken ct = default)
    {
        var spec = SpecOf(kind);
        var columns = spec.Columns.Append(new ExcelColumn(ExcelSheets.Reason, Width: 48)).ToList();
        await using var writer = await ExcelSheetWriter.StartAsync(output, "未导入数据", columns, ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < spec.Columns.Count; i++) writer.Set(i, i < row.Cells.Count ? ExcelCells.FitCell(row.Cells[i]) : null);
            writer.Set(spec.Columns.Count, $"第{row.RowNumber}行：{row.Reason}");
            await writer.WriteRowAsync(ct);
        }
        await writer.FinishAsync(ct);
    }

    public static ExcelSheetSpec SpecOf(ExcelImportKind kind) => kind switch
    {
        ExcelImportKind.SendList => ExcelSheets.SendList,
        ExcelImportKind.Roster => ExcelSheets.Roster,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string RejectedFileName(ExcelImportKind kind, DateOnly today) =>
        $"{SpecOf(kind).SheetName}_未导入数据_{today:yyyyMMdd}.xlsx";

    private static async Task WriteInstructionsAsync(Spreadsheet book, string[] lines, CancellationToken ct)
    {
        var options = new WorksheetOptions();
        options.Column(1).Width = 90;
        await book.StartWorksheetAsync("填写说明", options, ct);
        foreach (var line in lines) await book.AddRowAsync(new[] { new Cell(line) }, ct);
    }
}
