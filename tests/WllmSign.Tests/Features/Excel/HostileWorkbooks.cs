using System.IO.Compression;
using System.Security;
using System.Text;

namespace WllmSign.Tests.Features.Excel;

/// <summary>
/// Builds hostile .xlsx files in code (issue #17): small uploads that inflate to hundreds of megabytes, cells of
/// tens of thousands or millions of characters, and a package whose central directory lies about its sizes. Each is a
/// well-formed workbook that ExcelDataReader would read. Shared by the tests and benchmarks/WllmSign.UploadBench.
/// </summary>
public static class HostileWorkbooks
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>
    /// A sheet of <paramref name="headers"/>, then empty rows padded with blanks between them until the sheet XML is
    /// about <paramref name="sheetBytes"/> long (500 MB of XML in about 0.5–1 MB of zip).
    /// </summary>
    public static byte[] Inflating(IReadOnlyList<string> headers, long sheetBytes) => Package(sheet =>
    {
        HeaderRow(sheet, headers);
        var padding = new string(' ', 16 * 1024);
        long written = 0;
        for (var r = 2; written < sheetBytes; r++)
        {
            var row = $"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t></t></is></c></row>";
            sheet.Write(row);
            sheet.Write(padding);
            written += row.Length + padding.Length;
        }
    });

    /// <summary><paramref name="rows"/> data rows whose column <paramref name="column"/> holds <paramref name="cellChars"/> characters (inline strings).</summary>
    public static byte[] LongCells(IReadOnlyList<string> headers, int column, int rows, int cellChars, Func<int, object?[]> row, char fill = '张') =>
        Package(sheet =>
        {
            HeaderRow(sheet, headers);
            var longText = new string(fill, cellChars);
            for (var r = 2; r < rows + 2; r++)
            {
                var cells = row(r);
                cells[column] = longText;
                DataRow(sheet, r, cells);
            }
        });

    /// <summary>
    /// The same long cells, written once in sharedStrings.xml and referenced from every row (as Excel itself saves text).
    /// </summary>
    public static byte[] LongSharedCell(IReadOnlyList<string> headers, int column, int rows, int cellChars, Func<int, object?[]> row) =>
        Package(sheet =>
        {
            HeaderRow(sheet, headers);
            for (var r = 2; r < rows + 2; r++)
            {
                var cells = row(r);
                cells[column] = new SharedRef(0);
                DataRow(sheet, r, cells);
            }
        }, shared: s => s.Write($"<si><t>{new string('张', cellChars)}</t></si>"));

    /// <summary>A well-formed file whose central directory (and local headers) claim each part is <paramref name="claimedBytes"/> long.</summary>
    public static byte[] LyingSizes(byte[] xlsx, uint claimedBytes)
    {
        var bytes = (byte[])xlsx.Clone();
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            var sig = BitConverter.ToUInt32(bytes, i);
            // Central directory header: uncompressed size at +24; local file header: at +22.
            if (sig == 0x02014b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), claimedBytes);
            else if (sig == 0x04034b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), claimedBytes);
        }
        return bytes;
    }

    private sealed record SharedRef(int Index);

    private static void HeaderRow(TextWriter sheet, IReadOnlyList<string> headers) => DataRow(sheet, 1, headers.Cast<object?>().ToArray());

    private static void DataRow(TextWriter sheet, int r, object?[] cells)
    {
        sheet.Write($"<row r=\"{r}\">");
        for (var c = 0; c < cells.Length; c++)
        {
            var reference = $"{(char)('A' + c)}{r}";
            switch (cells[c])
            {
                case null: break;
                case SharedRef s: sheet.Write($"<c r=\"{reference}\" t=\"s\"><v>{s.Index}</v></c>"); break;
                case int or double: sheet.Write($"<c r=\"{reference}\"><v>{Convert.ToString(cells[c], System.Globalization.CultureInfo.InvariantCulture)}</v></c>"); break;
                default: sheet.Write($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(cells[c]!.ToString())}</t></is></c>"); break;
            }
        }
        sheet.Write("</row>");
    }

    /// <summary>A minimal workbook package: one sheet written by <paramref name="sheetData"/>, optional shared strings.</summary>
    private static byte[] Package(Action<TextWriter> sheetData, Action<TextWriter>? shared = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, Action<TextWriter> write)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
                write(w);
            }
            Add("[Content_Types].xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                (shared is null ? "" : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>") +
                "</Types>"));
            Add("_rels/.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Add("xl/workbook.xml", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
                "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Add("xl/_rels/workbook.xml.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                (shared is null ? "" : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>") +
                "</Relationships>"));
            if (shared is not null)
            {
                Add("xl/sharedStrings.xml", w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">");
                    shared(w);
                    w.Write("</sst>");
                });
            }
            Add("xl/worksheets/sheet1.xml", w =>
            {
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData>");
                sheetData(w);
                w.Write("</sheetData></worksheet>");
            });
        }
        return ms.ToArray();
    }
}
