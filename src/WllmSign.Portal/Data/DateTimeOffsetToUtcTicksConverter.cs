using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WllmSign.Portal.Data;

/// <summary>Stores an instant as UTC ticks so that SQLite can compare and sort it in queries.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
