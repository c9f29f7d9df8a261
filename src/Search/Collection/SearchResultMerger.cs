using OrleansSearch.Search.Query;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// Merges per-shard results into one page (k-way merge of sorted hit lists) with the same order
/// as every collector: score descending (or the sort field, missing last), then id ascending.
/// Shards must have been asked for offset 0 and limit offset + limit (or the same cursor).
/// </summary>
public static class SearchResultMerger
{
    /// <summary>Merges <paramref name="shards"/> and returns hits [offset, offset + limit) of the merged order.</summary>
    public static SearchResult Merge(IReadOnlyList<SearchResult> shards, SortSpec sort, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(sort);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        long totalHits = 0;
        var exact = true;
        foreach (var shard in shards)
        {
            totalHits += shard.TotalHits;
            exact &= shard.TotalHitsRelation == TotalHitsRelation.Exact;
        }

        var hits = SortedMerge.Merge(shards.Select(shard => shard.Hits).ToList(), Comparer<SearchHit>.Create((a, b) => HitOrder.Compare(a, b, sort)), offset, limit);
        return new SearchResult(
            hits,
            totalHits,
            exact ? TotalHitsRelation.Exact : TotalHitsRelation.GreaterThanOrEqual,
            MergeFacets(shards),
            hits.Count == 0 ? null : SearchCursor.Encode(sort, hits[^1]));
    }

    /// <summary>Merges for <paramref name="request"/>'s sort, offset and limit.</summary>
    public static SearchResult Merge(IReadOnlyList<SearchResult> shards, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Merge(shards, request.Sort, request.Offset, request.Limit);
    }

    /// <summary>
    /// Sums the counts of each facet over shards and keeps as many values as the largest shard
    /// list. Exact when every shard returned all its values for the facet; otherwise (like
    /// Elasticsearch's shard_size) counts of values outside a shard's top list are missing.
    /// </summary>
    private static List<FacetResult> MergeFacets(IReadOnlyList<SearchResult> shards)
    {
        var merged = new List<FacetResult>();
        if (shards.Count == 0)
        {
            return merged;
        }

        for (var f = 0; f < shards[0].Facets.Count; f++)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var size = 0;
            foreach (var shard in shards)
            {
                var facet = shard.Facets[f];
                size = Math.Max(size, facet.Values.Count);
                foreach (var value in facet.Values)
                {
                    counts[value.Value] = counts.GetValueOrDefault(value.Value) + value.Count;
                }
            }

            var values = new List<FacetValue>(counts.Count);
            foreach (var (value, count) in counts)
            {
                values.Add(new FacetValue(value, count));
            }

            values.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
            if (values.Count > size)
            {
                values.RemoveRange(size, values.Count - size);
            }

            merged.Add(new FacetResult(shards[0].Facets[f].Field, values));
        }

        return merged;
    }
}
