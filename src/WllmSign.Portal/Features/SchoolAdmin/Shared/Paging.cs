using WllmSign.Domain.Common;

namespace WllmSign.Portal.Features.SchoolAdmin.Shared;

/// <summary>One page of a server-side paged list and the total number of matching rows.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public static Page<T> Empty { get; } = new([], 0);
}

/// <summary>Page index (0-based) and size as the grid asks for them, clamped to sane values.</summary>
public readonly record struct PageRequest(int Index, int Size)
{
    public int Skip => Math.Max(0, Index) * Take;
    public int Take => Size is < 1 or > 200 ? 20 : Size;
}

/// <summary>Query helpers shared by the school admin lists.</summary>
public static class SchoolQuery
{
    /// <summary>The UTC instants bounding China days [from, to] (inclusive), for an 邀请日期 range.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) ChinaDayRange(DateOnly? from, DateOnly? to) =>
        (from is { } f ? ChinaTime.StartOfDay(f) : null, to is { } t ? ChinaTime.EndOfDay(t) : null);

    /// <summary>Trimmed text or null when blank.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
