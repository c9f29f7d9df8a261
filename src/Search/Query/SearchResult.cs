using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Query;

/// <summary>Whether <see cref="SearchResult.TotalHits"/> is exact or a lower bound.</summary>
public enum TotalHitsRelation
{
    /// <summary>Every match was counted.</summary>
    Exact,

    /// <summary>Pruning skipped documents that could not reach the top results; there may be more matches.</summary>
    GreaterThanOrEqual,
}

/// <summary>
/// The value a hit was sorted by (for field sorts): a number (numbers, dates as epoch ms) or a
/// keyword; both null when the document has no value.
/// </summary>
public readonly record struct SortValue(double? Number, string? Keyword)
{
    /// <summary>Whether the document had no value for the sort field.</summary>
    public bool IsMissing => Number is null && Keyword is null;
}

/// <summary>One result.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Score">The BM25 score (computed for field sorts too).</param>
/// <param name="SortValue">The field value sorted by; default for score order.</param>
/// <param name="StoredFields">Stored values by field name when requested (string, string[], double or DateTimeOffset).</param>
/// <param name="Explanation">How the score was computed, when requested.</param>
/// <param name="Snippets">The best passage per highlighted field that contains a query term, when requested.</param>
public sealed record SearchHit(
    string Id,
    double Score,
    SortValue SortValue,
    IReadOnlyDictionary<string, object>? StoredFields,
    Explanation? Explanation,
    IReadOnlyDictionary<string, string>? Snippets = null);

/// <summary>The results of a search on a shard, or merged over shards.</summary>
public sealed record SearchResult(
    IReadOnlyList<SearchHit> Hits,
    long TotalHits,
    TotalHitsRelation TotalHitsRelation,
    IReadOnlyList<FacetResult> Facets,
    string? NextCursor);
