namespace OrleansSearch.Search.Query;

/// <summary>Ascending or descending.</summary>
public enum SortOrder
{
    /// <summary>Smallest first.</summary>
    Ascending,

    /// <summary>Largest first.</summary>
    Descending,
}

/// <summary>
/// What results are ordered by: the score (descending; the default) or a number, date or
/// keyword field. Ties are always broken by document id ascending (ordinal string comparison),
/// and documents without a value come last in either direction. A multi-valued keyword field
/// sorts by its smallest value ascending and by its largest value descending.
/// </summary>
public sealed record SortSpec(string? Field, SortOrder Order)
{
    /// <summary>By score, best first.</summary>
    public static SortSpec Score { get; } = new(null, SortOrder.Descending);

    /// <summary>Whether this is the score order.</summary>
    public bool IsScore => Field is null;

    /// <summary>Sort by <paramref name="field"/>.</summary>
    public static SortSpec By(string field, SortOrder order = SortOrder.Ascending)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new SortSpec(field, order);
    }
}

/// <summary>A facet to count: the <paramref name="Size"/> most frequent values of a keyword field over all matching documents.</summary>
public sealed record FacetRequest(string Field, int Size = 10);

/// <summary>The counted values of one facet, most frequent first (ties by value, ordinal).</summary>
public sealed record FacetResult(string Field, IReadOnlyList<FacetValue> Values);

/// <summary>A keyword value and the number of matching documents that have it.</summary>
public sealed record FacetValue(string Value, long Count);
