using System.Net;
using System.Text.RegularExpressions;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Tests.Features.Excel;

/// <summary>The templates open in ExcelDataReader with the exact headers; 身份证号 is a text column; lists are offered.</summary>
public sealed partial class ExcelTemplateTests : ExcelTestBed
{
    private ExcelTemplateService Templates() => new(Factory, ExcelLimits.Default);

    [Fact]
    public async Task Send_list_template_has_the_manuals_headers_a_text_id_column_and_the_resident_schools()
    {
        var file = await WriteAsync(s => Templates().WriteSendListTemplateAsync(Employer, s));

        var (headers, rows) = ReadBack(file);
        Assert.Equal(["毕业学校", "毕业年度", "姓名", "身份证号"], headers);
        Assert.Empty(rows);
        AssertTextColumn(file, "D");
        var sheet = WebUtility.HtmlDecode(Part(file, "xl/worksheets/sheet1.xml"));
        Assert.Contains("ySplit=\"1\"", sheet, StringComparison.Ordinal); // frozen header row
        Assert.Contains("'下拉选项'!A1:A2", sheet, StringComparison.Ordinal);
        var options = Part(file, "xl/worksheets/sheet3.xml");
        Assert.Contains("湖北工业大学", options, StringComparison.Ordinal);
        Assert.Contains("中国地质大学（武汉）", options, StringComparison.Ordinal);
        Assert.DoesNotContain("华中农业大学", options, StringComparison.Ordinal); // not resident there
        Assert.Contains("18位身份证号", Part(file, "xl/comments1.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_template_has_the_roster_headers_and_drop_down_lists()
    {
        var file = await WriteAsync(s => Templates().WriteRosterTemplateAsync(SchoolAdmin, s));

        var (headers, _) = ReadBack(file);
        Assert.Equal(["学号", "姓名", "身份证号", "性别", "院系", "专业", "学历", "毕业年度", "政治面貌", "手机", "邮箱"], headers);
        AssertTextColumn(file, "C");
        var sheet = WebUtility.HtmlDecode(Part(file, "xl/worksheets/sheet1.xml"));
        Assert.Contains("\"男,女\"", sheet, StringComparison.Ordinal);
        Assert.Contains("本科生毕业", sheet, StringComparison.Ordinal);
        Assert.Contains("共青团员", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filled_template_imports()
    {
        var s = (await StudentsOf(SchoolId)).First(x => x.GraduationYear == Year);
        var template = await WriteAsync(x => Templates().WriteSendListTemplateAsync(Employer, x));
        var (headers, _) = ReadBack(template);
        var filled = Xlsx(headers, [[await SchoolName(SchoolId), Year, s.Name, s.IdNumber]]);
        var result = await SendListImport().ImportAsync(Employer, new MemoryStream(filled));
        Assert.Equal(1, result.Added);
    }

    [Fact]
    public async Task Templates_are_for_their_role_only()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WriteAsync(s => Templates().WriteSendListTemplateAsync(SchoolAdmin, s)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WriteAsync(s => Templates().WriteRosterTemplateAsync(Employer, s)));
    }

    /// <summary>The column's default style (the &lt;col&gt; element) uses number format 49, "@" (text).</summary>
    private static void AssertTextColumn(byte[] file, string column)
    {
        var index = column[0] - 'A' + 1;
        var sheet = Part(file, "xl/worksheets/sheet1.xml");
        var col = ColRegex().Matches(sheet).Single(m => int.Parse(m.Groups["min"].Value) <= index && index <= int.Parse(m.Groups["max"].Value));
        var styleIndex = int.Parse(col.Groups["style"].Value);
        var styles = Part(file, "xl/styles.xml");
        var cellXfs = Regex.Match(styles, "<cellXfs[^>]*>(.*?)</cellXfs>", RegexOptions.Singleline).Groups[1].Value;
        var xf = Regex.Matches(cellXfs, "<xf [^>]*>")[styleIndex].Value;
        Assert.Contains("numFmtId=\"49\"", xf, StringComparison.Ordinal);
    }

    [GeneratedRegex("<col min=\"(?<min>\\d+)\" max=\"(?<max>\\d+)\"[^>]*style=\"(?<style>\\d+)\"")]
    private static partial Regex ColRegex();
}
