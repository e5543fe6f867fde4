using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;

namespace WllmSign.Portal.Features.Excel;

/// <summary>
/// Writes .xlsx files row by row with SpreadCheetah straight into the output stream (nothing is kept in memory):
/// bold frozen header, the 身份证号 columns formatted as text, optional drop-down lists and header notes.
/// Fill <see cref="Row"/> with <c>Set</c> and call <see cref="WriteRowAsync"/>.
/// </summary>
public sealed class ExcelSheetWriter : IAsyncDisposable
{
    private readonly Spreadsheet book;
    private readonly IReadOnlyList<ExcelColumn> columns;
    private readonly StyleId textStyle;
    private readonly Cell[] row;

    private ExcelSheetWriter(Spreadsheet book, IReadOnlyList<ExcelColumn> columns, StyleId textStyle)
    {
        this.book = book;
        this.columns = columns;
        this.textStyle = textStyle;
        row = new Cell[columns.Count];
    }

    public int RowsWritten { get; private set; }

    /// <summary>Starts a workbook on <paramref name="output"/> with one sheet and its header row.</summary>
    public static async Task<ExcelSheetWriter> StartAsync(Stream output, string sheetName, IReadOnlyList<ExcelColumn> columns, CancellationToken ct = default)
    {
        var book = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { BufferSize = 64 * 1024 }, ct);
        var textStyle = book.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.Text) });
        var headerStyle = book.AddStyle(new Style
        {
            Font = { Bold = true },
            Fill = { Color = System.Drawing.Color.FromArgb(0xDD, 0xEB, 0xF7) },
            Format = NumberFormat.Standard(StandardNumberFormat.Text),
        });
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < columns.Count; i++)
        {
            var col = options.Column(i + 1);
            col.Width = columns[i].Width;
            if (columns[i].Kind == ExcelColumnKind.IdNumber) col.DefaultStyle = new Style { Format = NumberFormat.Standard(StandardNumberFormat.Text) };
        }
        await book.StartWorksheetAsync(sheetName, options, ct);
        await book.AddHeaderRowAsync(columns.Select(c => c.Header).ToArray(), headerStyle, ct);
        return new ExcelSheetWriter(book, columns, textStyle);
    }

    public Spreadsheet Book => book;

    /// <summary>The A1 reference of the data cells of a column: e.g. "D2:D20001".</summary>
    public static string DataRange(int columnIndex, int rows) => $"{ColumnLetter(columnIndex)}2:{ColumnLetter(columnIndex)}{rows + 1}";

    public static string ColumnLetter(int index)
    {
        var s = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    /// <summary>Notes on the header cells and drop-down lists (values that fit inline) for the columns that have them.</summary>
    public void AddNotesAndLists(int rows)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Note is { } note) book.AddNote($"{ColumnLetter(i)}1", note);
            if (columns[i].Choices is { Count: > 0 } choices) AddList(i, DataValidation.ListValues(choices), rows);
        }
    }

    public void AddList(int columnIndex, DataValidation validation, int rows)
    {
        validation.ErrorTitle = "输入有误";
        validation.ErrorMessage = "请从下拉列表中选择";
        book.AddDataValidation(DataRange(columnIndex, rows), validation);
    }

    public void Set(int column, string? value) =>
        row[column] = columns[column].Kind == ExcelColumnKind.IdNumber ? new Cell(value, textStyle) : new Cell(value);

    public void Set(int column, int? value) => row[column] = new Cell(value);

    public void Set(int column, DateOnly? value) =>
        row[column] = new Cell(value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public async ValueTask WriteRowAsync(CancellationToken ct = default)
    {
        await book.AddRowAsync(row, ct);
        Array.Clear(row);
        RowsWritten++;
    }

    public ValueTask FinishAsync(CancellationToken ct = default) => book.FinishAsync(ct);

    public ValueTask DisposeAsync() => book.DisposeAsync();
}
