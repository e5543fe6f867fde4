using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using WllmSign.Portal.Features.Excel;
using WllmSign.Portal.Features.SchoolAdmin.Roster;

namespace WllmSign.Excel.Benchmarks;

/// <summary>Exporting 100,000 rows (the school's roster: database → SpreadCheetah → output stream).</summary>
[MemoryDiagnoser]
[Config(typeof(ShortConfig))]
public class ExportBenchmarks
{
    public const int Rows = 100_000;
    private BenchmarkDatabase database = null!;
    private RosterExport service = null!;

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        database.CreateAsync().GetAwaiter().GetResult();
        database.SeedStudents(Rows);
        service = new RosterExport(new ExcelExportService(database.Factory, TimeProvider.System, NullLogger<ExcelExportService>.Instance));
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Description = "export 100,000 roster rows")]
    public async Task<long> Export_100k_rows()
    {
        var output = new CountingStream();
        await service.WriteAsync(database.SchoolAdmin, new RosterFilter(), false, output);
        return output.Length;
    }

    /// <summary>A write-only stream that keeps nothing (like a response body), counting the bytes.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
