using Microsoft.Extensions.DependencyInjection;
using WllmSign.Domain.Common;
using WllmSign.Domain.Invitations;
using WllmSign.Portal.Features.Invitations;

namespace WllmSign.Tests.Features.Excel;

/// <summary>导出签约发送列表 holds exactly the rows the list shows with the same applied filters (school and 毕业年度).</summary>
public sealed class SendListExportTests : ExcelTestBed
{
    [Fact]
    public async Task Send_list_export_with_a_year_holds_exactly_the_rows_the_list_shows_for_that_year()
    {
        var students = (await StudentsOf(SchoolId)).GroupBy(s => s.GraduationYear).OrderByDescending(g => g.Key).Take(2).SelectMany(g => g.Take(2)).ToList();
        Assert.Equal(2, students.Select(s => s.GraduationYear).Distinct().Count());
        var elsewhere = (await StudentsOf(OtherResidentSchoolId)).First(s => s.GraduationYear == Year);
        await using (var db = Db())
        {
            foreach (var s in students.Append(elsewhere)) db.SendList.Add(new SendListEntry(EmployerId, s.Id, Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        var year = students[^1].GraduationYear;

        var send = Portal.Services.GetRequiredService<EmployerSendService>();
        var listed = await send.SendListAsync(Employer, SchoolId, year, new WllmSign.Portal.Features.Lists.PageRequest(0, 100));
        var rows = ReadBack(await WriteAsync(s => SendListExporter().WriteAsync(Employer, SchoolId, year, full: false, s))).Rows;

        Assert.Equal(2, listed.Total);
        Assert.Equal(listed.Items.Select(r => (r.Name, r.GraduationYear.ToString(System.Globalization.CultureInfo.InvariantCulture), r.MaskedIdNumber)),
            rows.Select(r => (r[2], r[1], r[3])));
        Assert.All(rows, r => Assert.Equal(year.ToString(System.Globalization.CultureInfo.InvariantCulture), r[1]));
    }
}
