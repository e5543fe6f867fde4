using System.IO.Compression;
using System.Xml;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// Checks an .xlsx package before ExcelDataReader sees it (decision 020). ExcelDataReader reads the whole first sheet
/// once when it opens it (to size it) and keeps every shared string in memory, so a small upload that inflates to
/// hundreds of megabytes, or one cell of millions of characters, would cost seconds of CPU and gigabytes of memory
/// before the first row reaches us. Here:
/// <list type="number">
/// <item>the zip's central directory is read (<see cref="ZipArchive"/>): a part, or all parts together, claiming more
/// than the caps is refused without inflating a byte;</item>
/// <item>every part is then inflated through a <see cref="CappedStream"/> (the central directory can lie) and its XML
/// read with <see cref="XmlReader.ReadValueChunk"/>, so no text is ever held whole: a text longer than
/// <see cref="ExcelLimits.MaxCellChars"/> refuses the file, naming the cell (row and column) that holds it.</item>
/// </list>
/// Other files (.xls, which is not compressed and is already under the upload's size cap) pass unchecked.
/// </summary>
public static class ExcelPackageGuard
{
    public static string PartTooLargeMessage(ExcelLimits limits) =>
        $"文件解压后超过{limits.MaxPartBytes / (1024 * 1024)}MB，内容过多或不是正常的Excel文件。请只保留模板中的列和数据行，分批导入";

    public static string CellTooLongMessage(int row, string column, ExcelLimits limits) =>
        $"第{row}行{column}列的内容超过{limits.MaxCellChars}个字，不是模板中的数据。请核对后重新上传";

    public static string TextTooLongMessage(ExcelLimits limits) =>
        $"文件中有超过{limits.MaxCellChars}个字的内容，不是模板中的数据。请核对后重新上传";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false, IgnoreComments = true,
    };

    /// <summary>Refuses <paramref name="package"/> (seekable, at position 0) with a <see cref="DomainException"/>; leaves it at position 0.</summary>
    public static void Check(Stream package, ExcelLimits limits, CancellationToken ct)
    {
        if (!IsZip(package)) return;
        using (var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true))
        {
            long claimed = 0;
            foreach (var entry in zip.Entries)
            {
                claimed += entry.Length;
                if (entry.Length > limits.MaxPartBytes || claimed > limits.MaxUnpackedBytes)
                    throw new DomainException(PartTooLargeMessage(limits));
            }

            // Shared strings first, so that a sheet's reference to a too-long one names its cell.
            var longShared = new HashSet<int>();
            var ordered = zip.Entries.OrderBy(e => IsSharedStrings(e) ? 0 : IsSheet(e) ? 1 : 2).ToList();
            long inflated = 0;
            foreach (var entry in ordered)
            {
                ct.ThrowIfCancellationRequested();
                using var part = new CappedStream(entry.Open(), Math.Min(limits.MaxPartBytes, limits.MaxUnpackedBytes - inflated),
                    () => new DomainException(PartTooLargeMessage(limits)));
                if (IsSharedStrings(entry) || IsSheet(entry))
                {
                    ScanXml(part, IsSharedStrings(entry), IsSheet(entry), longShared, limits, ct);
                }
                else if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                {
                    // Other parts (workbook, styles, properties) are only read by ExcelDataReader when it needs them: a
                    // malformed one is its call, but their texts are capped the same way.
                    try { ScanXml(part, false, false, longShared, limits, ct); }
                    catch (XmlException) { }
                }
                part.CopyTo(Stream.Null);
                inflated += part.Count;
            }
            if (longShared.Count > 0) throw new DomainException(TextTooLongMessage(limits));
        }
        package.Position = 0;
    }

    private static bool IsZip(Stream s)
    {
        Span<byte> head = stackalloc byte[4];
        var n = s.Read(head);
        s.Position = 0;
        return n == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
    }

    private static bool IsSharedStrings(ZipArchiveEntry e) => e.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase);

    private static bool IsSheet(ZipArchiveEntry e) => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads every text of a part in chunks (never whole). In sharedStrings.xml, remembers which strings (by index) are
    /// too long; in a sheet, refuses at the first cell whose own text, or shared string, is too long.
    /// </summary>
    private static void ScanXml(Stream part, bool sharedStrings, bool sheet, HashSet<int> longShared, ExcelLimits limits, CancellationToken ct)
    {
        var buffer = new char[4096];
        using var xml = XmlReader.Create(part, Settings);
        int row = 0, stringIndex = -1, nodes = 0;
        long stringLength = 0;
        string? cellRef = null, cellType = null, element = null;
        while (xml.Read())
        {
            if (++nodes % 4096 == 0) ct.ThrowIfCancellationRequested();
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    element = xml.LocalName;
                    if (sheet && element == "row") row = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                    else if (sheet && element == "c") (cellRef, cellType) = (xml.GetAttribute("r"), xml.GetAttribute("t"));
                    else if (sharedStrings && element == "si") (stringIndex, stringLength) = (stringIndex + 1, 0);
                    break;
                case XmlNodeType.EndElement:
                    if (xml.LocalName == "c") cellRef = cellType = null;
                    element = null;
                    break;
                // A cell's text is inside a <t> (strings) or <v> (values); what lies between elements (indentation,
                // however long) is no cell's text and is skipped unread.
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                    when element is not ("t" or "v"):
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    long length = 0;
                    int n;
                    var first = 0;
                    while ((n = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                    {
                        if (length == 0) first = n;
                        length += n;
                        if (length > limits.MaxCellChars) break;
                    }
                    if (sharedStrings && stringIndex >= 0)
                    {
                        stringLength += length;
                        if (stringLength > limits.MaxCellChars) longShared.Add(stringIndex);
                    }
                    else if (sheet && cellRef is not null)
                    {
                        var tooLong = length > limits.MaxCellChars;
                        if (!tooLong && cellType == "s" && element == "v" && longShared.Count > 0 && length == first
                            && int.TryParse(buffer.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                        {
                            tooLong = longShared.Contains(index);
                        }
                        if (tooLong) throw new DomainException(CellTooLongMessage(row, ColumnOf(cellRef), limits));
                    }
                    else if (length > limits.MaxCellChars) throw new DomainException(TextTooLongMessage(limits));
                    break;
            }
        }
    }

    /// <summary>The column letters of a cell reference such as "AB12".</summary>
    private static string ColumnOf(string cellRef)
    {
        var end = 0;
        while (end < cellRef.Length && char.IsAsciiLetter(cellRef[end])) end++;
        return cellRef[..end].ToUpperInvariant();
    }
}

/// <summary>A read-only stream that counts the bytes read through it and throws once more than a cap have come out.</summary>
public sealed class CappedStream(Stream inner, long cap, Func<Exception> overCap) : Stream
{
    public long Count { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Counted(int n)
    {
        Count += n;
        if (Count > cap) throw overCap();
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
