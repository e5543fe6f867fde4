using Microsoft.AspNetCore.WebUtilities;

namespace WllmSign.Portal.Features.Lists;

/// <summary>One page of a server-side paged list and the total number of matching rows (当前共N条记录).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public static Page<T> Empty { get; } = new([], 0);
}

/// <summary>
/// The one paging model of every list: page index (0-based) and size as the grid asks for them, clamped to sane
/// values (a size outside 1..<see cref="MaxSize"/> means <see cref="DefaultSize"/>).
/// </summary>
public sealed record PageRequest(int Index = 0, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 200;

    public int Skip => Math.Max(0, Index) * Take;
    public int Take => Size is < 1 or > MaxSize ? DefaultSize : Size;
}

/// <summary>A school to choose from (请选择学校, the claim page's 学校).</summary>
public sealed record SchoolOption(int Id, string Code, string Name);

/// <summary>
/// The filters of a list as text: trimmed input, China day ranges, and the query string by which a list's export
/// (导出) receives exactly the filters the list applied.
/// </summary>
public static class ListQuery
{
    /// <summary>The UTC instants bounding China days [from, to] (inclusive), for an 邀请日期 range.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) ChinaDayRange(DateOnly? from, DateOnly? to) =>
        (from is { } f ? ChinaTime.StartOfDay(f) : null, to is { } t ? ChinaTime.EndOfDay(t) : null);

    /// <summary>Trimmed text or null when blank.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The query string (without '?') of the values that are set.</summary>
    public static string Build(Dictionary<string, string?> values)
    {
        var set = values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value);
        return set.Count == 0 ? "" : QueryHelpers.AddQueryString("", set)[1..];
    }

    public static string? Int(int? v) => v?.ToString(CultureInfo.InvariantCulture);
    public static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string? Enum<TEnum>(TEnum? v) where TEnum : struct, System.Enum => v is { } e ? Convert.ToInt32(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : null;

    public static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A defined value of the enum, or null.</summary>
    public static TEnum? ParseEnum<TEnum>(string? s) where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(s, out var v) && System.Enum.IsDefined(v) ? v : null;
}
