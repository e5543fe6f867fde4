using BenchmarkDotNet.Attributes;
using ExcelDataReader;
using SpreadCheetah;
using WllmSign.Portal.Features.Excel;

namespace WllmSign.Excel.Benchmarks;

/// <summary>
/// 导入拟签约名单 of 10,000 rows end to end (upload stream → validated → in the send list, one transaction) on SQLite
/// with 12,000 students seeded, beside the time ExcelDataReader alone needs to read the same file.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleInvocationShortConfig))]
public class ImportBenchmarks
{
    public const int Rows = 10_000;
    private BenchmarkDatabase database = null!;
    private SendListImportService service = null!;
    private byte[] file = [];

    [GlobalSetup]
    public void Setup()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        database = new BenchmarkDatabase();
        database.CreateAsync().GetAwaiter().GetResult();
        var students = database.SeedStudents(12_000);
        file = BuildFile(students.Take(Rows).Select(s => (database.SchoolName, BenchmarkDatabase.Year, s.Name, s.IdNumber)));
        service = new SendListImportService(database.Factory, TimeProvider.System, new RejectedRowsStore(TimeProvider.System), ExcelLimits.Default,
            new WllmSign.Portal.Infrastructure.CircuitRateLimits(new WllmSign.Portal.Infrastructure.CircuitRateLimitOptions(), TimeProvider.System));
    }

    [IterationSetup(Target = nameof(Import_end_to_end))]
    public void EmptySendList() => database.Execute("DELETE FROM SendList");

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Baseline = true, Description = "ExcelDataReader alone reads the file")]
    public int ExcelDataReader_read_only()
    {
        using var stream = new MemoryStream(file);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        var cells = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++) if (reader.GetValue(i) is not null) cells++;
        }
        return cells;
    }

    [Benchmark(Description = "engine: read + header check + caps")]
    public async Task<int> Engine_read() => (await ExcelSheetReader.ReadAsync(new MemoryStream(file), ExcelSheets.SendList)).Count;

    [Benchmark(Description = "import 10,000 rows end to end")]
    public async Task<int> Import_end_to_end()
    {
        var result = await service.ImportAsync(database.Employer, new MemoryStream(file));
        if (result.Added != Rows) throw new InvalidOperationException($"added {result.Added}, rejected {result.Rejected.Count}: {result.Rejected.FirstOrDefault()?.Reason}");
        return result.Added;
    }

    public static byte[] BuildFile(IEnumerable<(string School, int Year, string Name, string IdNumber)> rows)
    {
        using var ms = new MemoryStream();
        using (var book = Spreadsheet.CreateNewAsync(ms).AsTask().GetAwaiter().GetResult())
        {
            book.StartWorksheetAsync("拟签约名单").AsTask().GetAwaiter().GetResult();
            book.AddHeaderRowAsync(ExcelSheets.SendList.Headers.ToArray()).AsTask().GetAwaiter().GetResult();
            foreach (var r in rows)
            {
                book.AddRowAsync(new[] { new Cell(r.School), new Cell(r.Year), new Cell(r.Name), new Cell(r.IdNumber) }).AsTask().GetAwaiter().GetResult();
            }
            book.FinishAsync().AsTask().GetAwaiter().GetResult();
        }
        return ms.ToArray();
    }
}
