using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WllmSign.Portal.Data;

/// <summary>
/// PostgreSQL's <c>timestamptz</c> stores an instant and Npgsql writes only offset 0: normalise to UTC so that
/// a value (or a query parameter) carrying China time's +08:00 is accepted and means the same instant.
/// </summary>
public sealed class DateTimeOffsetToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v.ToUniversalTime());
