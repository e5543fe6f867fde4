using WllmSign.Domain.Common;

namespace WllmSign.Domain.Students;

/// <summary>毕业年度: which class of graduates is signing now.</summary>
public static class GraduationYear
{
    /// <summary>The month (China date) from which next year's graduates are the class that signs.</summary>
    public const int NewClassFromMonth = 9;

    /// <summary>The class that signs on <paramref name="today"/>: from September on, next year's graduates (2027届 in November 2026).</summary>
    public static int Current(DateOnly today) => today.Month >= NewClassFromMonth ? today.Year + 1 : today.Year;

    /// <summary>The class that signs today, China date.</summary>
    public static int Current(TimeProvider clock) => Current(ChinaTime.Today(clock));
}
