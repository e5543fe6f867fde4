using System.Text;
using System.Xml;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace WllmSign.Portal.Features.Excel;

/// <summary>One data row of an uploaded sheet: its Excel row number (the header is row 1) and the cells in spec order.</summary>
public sealed record ExcelRow(int RowNumber, object?[] Cells)
{
    public object? this[int column] => Cells[column];

    /// <summary>The cells as the user sees them, for the rejected-rows file.</summary>
    public string[] Texts() => Cells.Select(ExcelCells.Text).ToArray();
}

/// <summary>
/// The caps of an upload (decision 020): the file's size and data rows, and what its .xlsx package may hold once
/// inflated: each part, all parts together, and the longest text of any cell.
/// </summary>
public sealed record ExcelLimits(long MaxBytes, int MaxRows)
{
    public static ExcelLimits Default { get; } = new(10 * 1024 * 1024, 20_000);

    /// <summary>The largest part (a sheet, sharedStrings.xml…) once inflated: a 20,000-row roster sheet is about 12 MB.</summary>
    public long MaxPartBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>All parts of the package together, once inflated.</summary>
    public long MaxUnpackedBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The longest text of any cell, in any column (the longest field of the templates is 100 characters).</summary>
    public int MaxCellChars { get; init; } = 1_000;

    public string MaxSizeText => MaxBytes % (1024 * 1024) == 0 ? $"{MaxBytes / (1024 * 1024)}MB" : $"{MaxBytes / 1024}KB";
}

/// <summary>
/// The one import engine: an uploaded stream becomes the data rows of a sheet, or the whole file is refused with a
/// <see cref="DomainException"/> whose message says why, in Chinese (nothing has been changed at that point).
/// Reads .xlsx and .xls with ExcelDataReader; the first worksheet only; the first row holds the headers.
/// </summary>
public static class ExcelSheetReader
{
    public const string NotExcelMessage = "所选文件不是Excel文件（.xlsx 或 .xls），请下载模板，填写后上传";
    public const string CorruptMessage = "文件已损坏或不完整，无法读取。请用Excel重新打开并另存为 .xlsx 后上传";
    public const string EncryptedMessage = "文件设置了密码，无法读取。请取消密码后上传";
    public const string NoRowsMessage = "文件中没有数据：请在表头下方逐行填写后再上传";

    public static string TooLargeMessage(ExcelLimits limits) => $"文件超过{limits.MaxSizeText}，请分批导入";
    public static string TooManyRowsMessage(ExcelLimits limits) => $"数据超过{limits.MaxRows}行，请分批导入（每次不超过{limits.MaxRows}行）";
    public static string MissingHeadersMessage(IEnumerable<string> missing) =>
        $"表头与模板不一致，缺少列：{string.Join("、", missing)}。请下载模板，按模板的表头填写（第一行为表头）";
    public static string DuplicateHeaderMessage(string header) => $"表头中“{header}”列出现了两次，请删除多余的列";
    public static string CellTooLongMessage(int row, string header, int max) => $"第{row}行“{header}”列的内容超过{max}个字，请核对后重新上传";

    static ExcelSheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Reads <paramref name="upload"/> (copied into memory up to the size cap: ExcelDataReader needs a seekable stream).
    /// The package is checked first (<see cref="ExcelPackageGuard"/>); then the header row, then the rows up to the
    /// row cap + 1, each cell capped at its column's <see cref="ExcelColumn.MaxLength"/>. Reports reading progress
    /// 0–100 when the sheet tells its row count. <paramref name="ct"/> stops the work at the next row or block read.
    /// </summary>
    public static async Task<IReadOnlyList<ExcelRow>> ReadAsync(Stream upload, ExcelSheetSpec spec, ExcelLimits? limits = null,
        IProgress<int>? progress = null, CancellationToken ct = default)
    {
        limits ??= ExcelLimits.Default;
        using var buffer = await CopyWithCapAsync(upload, limits, ct);
        if (buffer.Length == 0) throw new DomainException(NotExcelMessage);
        // ExcelDataReader takes no token: when the import is cancelled, its next read of the buffer fails, which
        // stops it within one block (the cancellation is then reported as such).
        using var stop = ct.Register(buffer.Dispose);
        try
        {
            ExcelPackageGuard.Check(buffer, limits, ct);
            using var reader = ExcelReaderFactory.CreateReader(buffer, new ExcelReaderConfiguration { LeaveOpen = true });
            return ReadRows(reader, spec, limits, progress, ct);
        }
        // However the reader fails once its buffer is gone (disposed stream, "does not support reading"…), it was cancelled.
        catch (Exception ex) when (ct.IsCancellationRequested && ex is not OperationCanceledException) { throw new OperationCanceledException(ct); }
        catch (InvalidPasswordException) { throw new DomainException(EncryptedMessage); }
        catch (HeaderException) { throw new DomainException(NotExcelMessage); }
        catch (Exception ex) when (ex is ExcelReaderException or InvalidDataException or XmlException or EndOfStreamException
            or NotSupportedException or IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException or OverflowException)
        {
            throw new DomainException(CorruptMessage);
        }
    }

    private static async Task<MemoryStream> CopyWithCapAsync(Stream upload, ExcelLimits limits, CancellationToken ct)
    {
        if (upload.CanSeek && upload.Length - upload.Position > limits.MaxBytes) throw new DomainException(TooLargeMessage(limits));
        var buffer = new MemoryStream(upload.CanSeek ? (int)(upload.Length - upload.Position) : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limits.MaxBytes)
            {
                await buffer.DisposeAsync();
                throw new DomainException(TooLargeMessage(limits));
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static List<ExcelRow> ReadRows(IExcelDataReader reader, ExcelSheetSpec spec, ExcelLimits limits, IProgress<int>? progress, CancellationToken ct)
    {
        if (!reader.Read()) throw new DomainException(MissingHeadersMessage(spec.Headers));
        var map = MapHeaders(reader, spec);
        var total = Math.Max(reader.RowCount, 1);
        var step = Math.Max(total / 20, 1);
        var rows = new List<ExcelRow>();
        var rowNumber = 1;
        while (reader.Read())
        {
            rowNumber++;
            var cells = new object?[spec.Columns.Count];
            var blank = true;
            ct.ThrowIfCancellationRequested();
            for (var c = 0; c < cells.Length; c++)
            {
                var index = map[c];
                var value = index < reader.FieldCount ? reader.GetValue(index) : null;
                if (value is string s)
                {
                    if (s.Length == 0) value = null;
                    else if (s.Length > spec.Columns[c].MaxLength && Text.Length(s.Trim()) > spec.Columns[c].MaxLength)
                        throw new DomainException(CellTooLongMessage(rowNumber, spec.Columns[c].Header, spec.Columns[c].MaxLength));
                }
                cells[c] = value;
                if (!ExcelCells.IsBlank(value)) blank = false;
            }
            if (blank) continue;
            if (rows.Count == limits.MaxRows) throw new DomainException(TooManyRowsMessage(limits));
            rows.Add(new ExcelRow(rowNumber, cells));
            if (rowNumber % step == 0) progress?.Report(Math.Min(100, rowNumber * 100 / total));
        }
        if (rows.Count == 0) throw new DomainException(NoRowsMessage);
        progress?.Report(100);
        return rows;
    }

    /// <summary>For each column of the spec, the index of its header in the file.</summary>
    private static int[] MapHeaders(IExcelDataReader reader, ExcelSheetSpec spec)
    {
        var map = Enumerable.Repeat(-1, spec.Columns.Count).ToArray();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var header = ExcelCells.Text(reader.GetValue(i));
            var c = spec.Columns.ToList().FindIndex(col => col.Header == header);
            if (c < 0) continue;
            if (map[c] >= 0) throw new DomainException(DuplicateHeaderMessage(header));
            map[c] = i;
        }
        var missing = spec.Columns.Where((_, c) => map[c] < 0).Select(col => col.Header).ToList();
        if (missing.Count > 0) throw new DomainException(MissingHeadersMessage(missing));
        return map;
    }
}
