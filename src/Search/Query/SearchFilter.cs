namespace OrleansSearch.Search.Query;

/// <summary>
/// A condition a result must meet that does not change its score. Several filters in one
/// request must all hold.
/// </summary>
public abstract record SearchFilter;

/// <summary>The keyword field has at least one of <paramref name="Values"/> (one value = equals, several = in).</summary>
public sealed record KeywordFilter(string Field, IReadOnlyList<string> Values) : SearchFilter
{
    /// <summary>The keyword field equals <paramref name="value"/>.</summary>
    public KeywordFilter(string field, string value)
        : this(field, [value])
    {
    }
}

/// <summary>
/// The number or date field lies between the bounds (a missing bound is open). For date fields
/// the bounds are epoch milliseconds; <see cref="Dates"/> converts.
/// </summary>
public sealed record RangeFilter(string Field, double? Lower, double? Upper, bool IncludeLower = true, bool IncludeUpper = true) : SearchFilter
{
    /// <summary>A range over a date field.</summary>
    public static RangeFilter Dates(string field, DateTimeOffset? from, DateTimeOffset? to, bool includeFrom = true, bool includeTo = true) =>
        new(field, from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds(), includeFrom, includeTo);
}
