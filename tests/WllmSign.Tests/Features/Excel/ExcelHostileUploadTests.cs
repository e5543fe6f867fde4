using System.Diagnostics;
using WllmSign.Domain.Common;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Tests.Features.Excel;

/// <summary>
/// Issue #17, uploads: files built to exhaust the server (HostileWorkbooks) are refused quickly, in bounded memory,
/// with a Chinese message, and change nothing (decision 020).
/// </summary>
public sealed class ExcelHostileUploadTests : ExcelTestBed
{
    private static readonly ExcelLimits Limits = ExcelLimits.Default;

    private async Task<DomainException> RefusedAsync(byte[] file, ExcelImportKind kind = ExcelImportKind.SendList)
    {
        var before = await SnapshotAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => kind == ExcelImportKind.SendList
            ? SendListImport().ImportAsync(Employer, new MemoryStream(file))
            : RosterImport().ImportAsync(SchoolAdmin, new MemoryStream(file)));
        Assert.Equal(before, await SnapshotAsync());
        return ex;
    }

    private object?[] SendRow(int r) => Row("湖北工业大学", Year, "张三", "420102200501011234");

    [Fact]
    public async Task A_small_file_that_inflates_to_hundreds_of_megabytes_is_refused_from_its_directory_in_well_under_a_second()
    {
        var file = HostileWorkbooks.Inflating(ExcelSheets.SendList.Headers, 200L * 1024 * 1024);
        Assert.True(file.Length < 2 * 1024 * 1024, $"{file.Length} bytes");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var ex = await RefusedAsync(file);
        Assert.Equal(ExcelPackageGuard.PartTooLargeMessage(Limits), ex.Message);
        Assert.Contains("文件解压后超过32MB", ex.Message, StringComparison.Ordinal);
        Assert.True(Process.GetCurrentProcess().TotalProcessorTime - cpu < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_part_whose_directory_entry_lies_about_its_size_is_stopped_at_the_cap_while_inflating()
    {
        var honest = HostileWorkbooks.Inflating(ExcelSheets.SendList.Headers, 40L * 1024 * 1024);
        var ex = await RefusedAsync(HostileWorkbooks.LyingSizes(honest, 1000));
        // Either our counting stream stops it at the cap, or the zip reader notices the lie: never a 40 MB read.
        Assert.Contains(ex.Message, new[] { ExcelPackageGuard.PartTooLargeMessage(Limits), ExcelSheetReader.CorruptMessage });
    }

    [Fact]
    public async Task Two_thousand_names_of_forty_thousand_characters_are_refused_before_they_are_read()
    {
        var file = HostileWorkbooks.LongCells(ExcelSheets.SendList.Headers, 2, 2_000, 40_000, SendRow);
        Assert.True(file.Length < 2 * 1024 * 1024, $"{file.Length} bytes");
        var ex = await RefusedAsync(file);
        Assert.Equal(ExcelPackageGuard.PartTooLargeMessage(Limits), ex.Message);
    }

    [Fact]
    public async Task One_cell_of_two_hundred_million_characters_is_refused_before_it_is_read()
    {
        var file = HostileWorkbooks.LongCells(ExcelSheets.SendList.Headers, 2, 1, 200_000_000, SendRow, fill: 'a');
        Assert.True(file.Length < 1024 * 1024, $"{file.Length} bytes");
        var ex = await RefusedAsync(file);
        Assert.Equal(ExcelPackageGuard.PartTooLargeMessage(Limits), ex.Message);
    }

    [Fact]
    public async Task A_cell_over_the_longest_text_of_any_column_is_refused_naming_its_row_and_column()
    {
        var file = HostileWorkbooks.LongCells(ExcelSheets.SendList.Headers, 2, 3, 40_000, SendRow);
        var ex = await RefusedAsync(file);
        Assert.Equal("第2行C列的内容超过1000个字，不是模板中的数据。请核对后重新上传", ex.Message);
    }

    [Fact]
    public async Task A_long_shared_string_is_refused_naming_the_first_cell_that_uses_it()
    {
        var file = HostileWorkbooks.LongSharedCell(ExcelSheets.SendList.Headers, 2, 5, 5_000, SendRow);
        var ex = await RefusedAsync(file);
        Assert.Equal(ExcelPackageGuard.CellTooLongMessage(2, "C", Limits), ex.Message);
    }

    [Fact]
    public async Task A_name_longer_than_a_name_can_be_is_refused_naming_its_row_and_column()
    {
        var file = SendListXlsx([Row("湖北工业大学", Year, "张三", "420102200501011234"), Row("湖北工业大学", Year, new string('李', 31), "420102200501011234")]);
        var ex = await RefusedAsync(file);
        Assert.Equal("第3行“姓名”列的内容超过30个字，请核对后重新上传", ex.Message);
    }

    [Fact]
    public async Task Roster_cells_are_capped_at_their_fields_length()
    {
        object?[] row = ["A1", "张三", "420102200501011234", "", "计算机学院", new string('软', 61), "本科生毕业", Year, "", "", ""];
        var ex = await RefusedAsync(Xlsx(ExcelSheets.Roster.Headers, [row]), ExcelImportKind.Roster);
        Assert.Equal(ExcelSheetReader.CellTooLongMessage(2, "专业", 60), ex.Message);
    }

    [Fact]
    public async Task A_cancelled_import_stops_reading_and_changes_nothing()
    {
        var school = await SchoolName(SchoolId);
        var students = await AddStudentsAsync(SchoolId, 3_000);
        var file = SendListXlsx(students.Select(s => Row(school, Year, s.Name, s.IdNumber)));
        var before = await SnapshotAsync();
        using var cts = new CancellationTokenSource();
        var rowsRead = 0;
        // Cancelled at the first progress report of the reading step.
        var progress = new SyncProgress(p => { rowsRead = p; cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendListImport().ImportAsync(Employer, new MemoryStream(file), progress, cts.Token));
        Assert.True(rowsRead < 40, $"progress {rowsRead}");
        Assert.Equal(before, await SnapshotAsync());
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
