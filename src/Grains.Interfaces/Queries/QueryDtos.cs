using System.Text.Json;

namespace OrleansSearch.Grains;

/// <summary>A filter that narrows results without changing scores: keyword values (any of) or a numeric/date range.</summary>
/// <param name="AnyOf">Keyword fields: the document has at least one of these values.</param>
/// <param name="Min">Number/date fields: lower bound (dates as epoch milliseconds).</param>
/// <param name="Max">Number/date fields: upper bound.</param>
[GenerateSerializer]
[Alias("OrleansSearch.QueryFilter")]
public sealed record QueryFilter([property: Id(0)] string Field, [property: Id(1)] IReadOnlyList<string>? AnyOf = null, [property: Id(2)] double? Min = null, [property: Id(3)] double? Max = null, [property: Id(4)] bool MinInclusive = true, [property: Id(5)] bool MaxInclusive = true);

/// <summary>How a query ranks: BM25 over the text, similarity to a vector, or both (fused by the gateway).</summary>
[GenerateSerializer]
[Alias("OrleansSearch.SearchMode")]
public enum SearchMode
{
    Keyword,
    Semantic,
    Hybrid,
}

/// <summary>The vector side of a semantic or hybrid query: a vector field and the query's vector.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.NearestQuery")]
public sealed record NearestQuery([property: Id(0)] string Field, [property: Id(1)] float[] Vector);

/// <summary>One query as every shard runs it (phase 1 statistics and phase 2 top-k).</summary>
/// <param name="Query">The query text in the query language (terms, "phrases", +required, -excluded, field:value).</param>
/// <param name="RequireAll">Unmarked terms are all required (AND) instead of any (OR).</param>
/// <param name="Facets">Keyword fields to count values of over all matches, with how many values to return.</param>
/// <param name="SortField">Sort by this field instead of score.</param>
/// <param name="Limit">How many hits each shard returns (the page's offset plus its size).</param>
/// <param name="SearchAfter">A cursor from a previous page: return hits after it.</param>
/// <param name="HighlightFields">Text fields to return the best highlighted passage of.</param>
/// <param name="IncludeFields">Return stored field values.</param>
/// <param name="FieldNames">With <paramref name="IncludeFields"/>: return only these stored fields (null: all of them).</param>
/// <param name="Mode">Keyword: hits by BM25. Semantic: hits nearest to <paramref name="Nearest"/>. Hybrid: both lists, for fusion.</param>
[GenerateSerializer]
[Alias("OrleansSearch.ShardQuery")]
public sealed record ShardQuery(
    [property: Id(0)] string Query,
    [property: Id(1)] bool RequireAll = false,
    [property: Id(2)] IReadOnlyList<QueryFilter>? Filters = null,
    [property: Id(3)] IReadOnlyList<FacetSpec>? Facets = null,
    [property: Id(4)] string? SortField = null,
    [property: Id(5)] bool SortDescending = false,
    [property: Id(6)] int Limit = 10,
    [property: Id(7)] string? SearchAfter = null,
    [property: Id(8)] IReadOnlyList<string>? HighlightFields = null,
    [property: Id(9)] bool IncludeFields = false,
    [property: Id(10)] SearchMode Mode = SearchMode.Keyword,
    [property: Id(11)] NearestQuery? Nearest = null,
    [property: Id(12)] IReadOnlyList<string>? FieldNames = null);

/// <summary>A facet to count.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.FacetSpec")]
public sealed record FacetSpec([property: Id(0)] string Field, [property: Id(1)] int Size = 10);

/// <summary>
/// The BM25 statistics one query needs, summed over shards (phase 1), so that every shard scores
/// with the global document count, lengths and document frequencies.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansSearch.QueryStatistics")]
public sealed record QueryStatistics(
    [property: Id(0)] IReadOnlyDictionary<string, FieldTotals> Fields,
    [property: Id(1)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> DocumentFrequencies);

/// <summary>Documents with a field, and the field's summed length in tokens.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.FieldTotals")]
public sealed record FieldTotals([property: Id(0)] long DocumentCount, [property: Id(1)] long SumLength);

/// <summary>
/// One shard's answer to phase 2: its best hits in result order, its match count and facet counts; in hybrid
/// mode the hits and counts are the keyword side's and <paramref name="NearestHits"/> the semantic side's.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansSearch.ShardPage")]
public sealed record ShardPage([property: Id(0)] IReadOnlyList<ShardHit> Hits, [property: Id(1)] long TotalHits, [property: Id(2)] bool TotalIsExact, [property: Id(3)] IReadOnlyList<FacetCounts> Facets, [property: Id(4)] IReadOnlyList<ShardHit>? NearestHits = null);

/// <summary>
/// One hit. Result order everywhere is score descending then id ascending (or the sort field, then id);
/// <paramref name="Cursor"/> pages after this hit.
/// </summary>
[GenerateSerializer]
[Alias("OrleansSearch.ShardHit")]
public sealed record ShardHit(
    [property: Id(0)] string Id,
    [property: Id(1)] double Score,
    [property: Id(2)] double? SortNumber,
    [property: Id(3)] string? SortKeyword,
    [property: Id(4)] string Cursor,
    [property: Id(5)] IReadOnlyDictionary<string, JsonElement>? Fields = null,
    [property: Id(6)] IReadOnlyDictionary<string, string>? Snippets = null);

/// <summary>Counts of a keyword field's values over all matches.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.FacetCounts")]
public sealed record FacetCounts([property: Id(0)] string Field, [property: Id(1)] IReadOnlyList<FacetValueCount> Values);

[GenerateSerializer]
[Alias("OrleansSearch.FacetValueCount")]
public sealed record FacetValueCount([property: Id(0)] string Value, [property: Id(1)] long Count);

/// <summary>What a shard holds and where it runs, for describe_index.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.ShardInfo")]
public sealed record ShardInfo([property: Id(0)] int Shard, [property: Id(1)] string Silo, [property: Id(2)] int Documents, [property: Id(3)] int Deleted, [property: Id(4)] long MemoryBytes, [property: Id(5)] long LastSequence, [property: Id(6)] long SnapshotSequence, [property: Id(7)] int Copy = 0);
