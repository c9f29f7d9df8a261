using System.Text.Json;

namespace OrleansSearch.Grains;

/// <summary>A filter that narrows results without changing scores: keyword values (any of) or a numeric/date range.</summary>
/// <param name="AnyOf">Keyword fields: the document has at least one of these values.</param>
/// <param name="Min">Number/date fields: lower bound (dates as epoch milliseconds).</param>
/// <param name="Max">Number/date fields: upper bound.</param>
public sealed record QueryFilter(string Field, IReadOnlyList<string>? AnyOf = null, double? Min = null, double? Max = null, bool MinInclusive = true, bool MaxInclusive = true);

/// <summary>How a query ranks: BM25 over the text, similarity to a vector, or both (fused by the gateway).</summary>
public enum SearchMode
{
    Keyword,
    Semantic,
    Hybrid,
}

/// <summary>The vector side of a semantic or hybrid query: a vector field and the query's vector.</summary>
public sealed record NearestQuery(string Field, float[] Vector);

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
public sealed record ShardQuery(
    string Query,
    bool RequireAll = false,
    IReadOnlyList<QueryFilter>? Filters = null,
    IReadOnlyList<FacetSpec>? Facets = null,
    string? SortField = null,
    bool SortDescending = false,
    int Limit = 10,
    string? SearchAfter = null,
    IReadOnlyList<string>? HighlightFields = null,
    bool IncludeFields = false,
    SearchMode Mode = SearchMode.Keyword,
    NearestQuery? Nearest = null,
    IReadOnlyList<string>? FieldNames = null);

/// <summary>A facet to count.</summary>
public sealed record FacetSpec(string Field, int Size = 10);

/// <summary>
/// The BM25 statistics one query needs, summed over shards (phase 1), so that every shard scores
/// with the global document count, lengths and document frequencies.
/// </summary>
public sealed record QueryStatistics(
    IReadOnlyDictionary<string, FieldTotals> Fields,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> DocumentFrequencies)
{
    /// <summary>Adds up statistics of several shards.</summary>
    public static QueryStatistics Sum(IEnumerable<QueryStatistics> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var fields = new Dictionary<string, FieldTotals>(StringComparer.Ordinal);
        var frequencies = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var (field, totals) in shard.Fields)
            {
                fields[field] = fields.TryGetValue(field, out var sum) ? new FieldTotals(sum.DocumentCount + totals.DocumentCount, sum.SumLength + totals.SumLength) : totals;
            }
            foreach (var (field, terms) in shard.DocumentFrequencies)
            {
                if (!frequencies.TryGetValue(field, out var summed))
                {
                    frequencies[field] = summed = new Dictionary<string, long>(StringComparer.Ordinal);
                }
                foreach (var (term, frequency) in terms)
                {
                    summed[term] = summed.GetValueOrDefault(term) + frequency;
                }
            }
        }
        return new QueryStatistics(fields, frequencies.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, long>)p.Value, StringComparer.Ordinal));
    }
}

/// <summary>Documents with a field, and the field's summed length in tokens.</summary>
public sealed record FieldTotals(long DocumentCount, long SumLength);

/// <summary>
/// One shard's answer to phase 2: its best hits in result order, its match count and facet counts; in hybrid
/// mode the hits and counts are the keyword side's and <paramref name="NearestHits"/> the semantic side's.
/// </summary>
public sealed record ShardPage(IReadOnlyList<ShardHit> Hits, long TotalHits, bool TotalIsExact, IReadOnlyList<FacetCounts> Facets, IReadOnlyList<ShardHit>? NearestHits = null);

/// <summary>
/// One hit. Result order everywhere is score descending then id ascending (or the sort field, then id);
/// <paramref name="Cursor"/> pages after this hit.
/// </summary>
public sealed record ShardHit(
    string Id,
    double Score,
    double? SortNumber,
    string? SortKeyword,
    string Cursor,
    IReadOnlyDictionary<string, JsonElement>? Fields = null,
    IReadOnlyDictionary<string, string>? Snippets = null);

/// <summary>Counts of a keyword field's values over all matches.</summary>
public sealed record FacetCounts(string Field, IReadOnlyList<FacetValueCount> Values);

public sealed record FacetValueCount(string Value, long Count);

/// <summary>What a shard holds and where it runs, for describe_index.</summary>
public sealed record ShardInfo(int Shard, string Silo, int Documents, int Deleted, long MemoryBytes, long LastSequence, long SnapshotSequence);
