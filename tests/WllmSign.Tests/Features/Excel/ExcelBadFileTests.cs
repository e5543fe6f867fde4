using System.IO.Compression;
using System.Text;
using WllmSign.Domain.Common;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Tests.Features.Excel;

/// <summary>Every kind of bad file is refused whole, with its Chinese message, and changes nothing.</summary>
public sealed class ExcelBadFileTests : ExcelTestBed
{
    private async Task RefusedAsync(byte[] file, string expectedMessage, ExcelImportKind kind = ExcelImportKind.SendList)
    {
        var before = await SnapshotAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => kind == ExcelImportKind.SendList
            ? SendListImport().ImportAsync(Employer, new MemoryStream(file))
            : RosterImport().ImportAsync(SchoolAdmin, new MemoryStream(file)));
        Assert.Equal(expectedMessage, ex.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<byte[]> GoodFileAsync()
    {
        var s = (await StudentsOf(SchoolId)).First(x => x.GraduationYear == Year);
        return SendListXlsx([Row(await SchoolName(SchoolId), Year, s.Name, s.IdNumber)]);
    }

    [Fact]
    public Task Empty_file_is_not_an_excel_file() => RefusedAsync([], ExcelSheetReader.NotExcelMessage);

    [Fact]
    public Task Csv_file_is_not_an_excel_file() =>
        RefusedAsync(Encoding.UTF8.GetBytes("毕业学校,毕业年度,姓名,身份证号\n湖北工业大学,2027,张三,420102200501011234\n"), ExcelSheetReader.NotExcelMessage);

    [Fact]
    public Task Image_is_not_an_excel_file() =>
        RefusedAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
            ExcelSheetReader.NotExcelMessage);

    [Fact]
    public Task Word_document_renamed_to_xlsx_is_not_an_excel_file()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(text);
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Add("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            Add("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p/></w:body></w:document>");
        }
        return RefusedAsync(ms.ToArray(), ExcelSheetReader.NotExcelMessage);
    }

    [Fact]
    public async Task Truncated_file_is_corrupt()
    {
        var good = await GoodFileAsync();
        await RefusedAsync(good[..(good.Length / 2)], ExcelSheetReader.CorruptMessage);
    }

    [Fact]
    public Task Wrong_headers_are_refused() =>
        RefusedAsync(Xlsx(["学校", "年度", "姓名", "身份证"], [["湖北工业大学", 2027, "张三", "420102200501011234"]]),
            ExcelSheetReader.MissingHeadersMessage(["毕业学校", "毕业年度", "身份证号"]));

    [Fact]
    public Task A_missing_header_is_refused() =>
        RefusedAsync(Xlsx(["毕业学校", "毕业年度", "姓名"], [["湖北工业大学", 2027, "张三"]]), ExcelSheetReader.MissingHeadersMessage(["身份证号"]));

    [Fact]
    public Task A_repeated_header_is_refused() =>
        RefusedAsync(Xlsx(["毕业学校", "毕业年度", "姓名", "身份证号", "姓名"], [["湖北工业大学", 2027, "张三", "1", "李四"]]),
            ExcelSheetReader.DuplicateHeaderMessage("姓名"));

    [Fact]
    public Task Template_without_data_rows_is_refused() =>
        RefusedAsync(SendListXlsx([]), ExcelSheetReader.NoRowsMessage);

    [Fact]
    public Task Rows_of_blank_cells_count_as_no_data() =>
        RefusedAsync(SendListXlsx([[null, null, "  ", null]]), ExcelSheetReader.NoRowsMessage);

    [Fact]
    public async Task File_over_10_MB_is_refused()
    {
        var big = new byte[10 * 1024 * 1024 + 1];
        (await GoodFileAsync()).CopyTo(big, 0);
        await RefusedAsync(big, ExcelSheetReader.TooLargeMessage(ExcelLimits.Default));
        Assert.Equal("文件超过10MB，请分批导入", ExcelSheetReader.TooLargeMessage(ExcelLimits.Default));
    }

    [Fact]
    public async Task File_over_10_MB_is_refused_even_from_a_stream_that_cannot_tell_its_length()
    {
        var before = await SnapshotAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            SendListImport().ImportAsync(Employer, new UnseekableStream(new byte[10 * 1024 * 1024 + 1])));
        Assert.Equal(ExcelSheetReader.TooLargeMessage(ExcelLimits.Default), ex.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task More_than_20000_rows_are_refused()
    {
        var school = await SchoolName(SchoolId);
        var s = (await StudentsOf(SchoolId)).First(x => x.GraduationYear == Year);
        var rows = Enumerable.Range(0, 20_001).Select(_ => Row(school, Year, s.Name, s.IdNumber));
        await RefusedAsync(SendListXlsx(rows), "数据超过20000行，请分批导入（每次不超过20000行）");
    }

    [Fact]
    public Task Roster_import_refuses_a_send_list_file() =>
        RefusedAsync(SendListXlsx([["湖北工业大学", 2027, "张三", "420102200501011234"]]),
            ExcelSheetReader.MissingHeadersMessage(["学号", "性别", "院系", "专业", "学历", "政治面貌", "手机", "邮箱"]), ExcelImportKind.Roster);

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
