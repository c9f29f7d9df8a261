using OrleansSearch.Search.Collection;
using OrleansSearch.Search.Query;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Merges shard pages into one page in the search library's result order (<see cref="HitOrder"/>: score descending
/// then id, or the sort field with missing values last, then id) with its k-way merge (<see cref="SortedMerge"/>),
/// and adds up totals and facet counts.
/// </summary>
internal static class ShardPageMerger
{
    public static (List<ShardHit> Hits, long Total, bool TotalIsExact, List<FacetCounts> Facets) Merge(
        IReadOnlyList<ShardPage> pages, string? sortField, bool descending, int offset, int limit, IReadOnlyList<FacetSpec> facets)
    {
        var order = Comparer<ShardHit>.Create((a, b) => Compare(a, b, sortField is not null, descending ? SortOrder.Descending : SortOrder.Ascending));
        var hits = SortedMerge.Merge(pages.Select(page => page.Hits).ToList(), order, offset, limit);
        long total = 0;
        bool exact = true;
        foreach (var page in pages)
        {
            total += page.TotalHits;
            exact &= page.TotalIsExact;
        }
        return (hits, total, exact, MergeFacets(pages, facets));
    }

    /// <summary>
    /// The library's result order (<see cref="HitOrder"/>). Scores compare exactly: every shard scored with the same
    /// global statistics.
    /// </summary>
    private static int Compare(ShardHit a, ShardHit b, bool byField, SortOrder order) => !byField
        ? HitOrder.CompareScores(a.Score, a.Id, b.Score, b.Id)
        : a.SortKeyword is not null || b.SortKeyword is not null
            ? HitOrder.CompareKeywords(a.SortKeyword, a.Id, b.SortKeyword, b.Id, order)
            : HitOrder.CompareNumbers(a.SortNumber ?? double.NaN, a.Id, b.SortNumber ?? double.NaN, b.Id, order);

    private static List<FacetCounts> MergeFacets(IReadOnlyList<ShardPage> pages, IReadOnlyList<FacetSpec> facets)
    {
        var merged = new List<FacetCounts>(facets.Count);
        foreach (var facet in facets)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var page in pages)
            {
                foreach (var shardFacet in page.Facets)
                {
                    if (shardFacet.Field != facet.Field)
                    {
                        continue;
                    }
                    foreach (var value in shardFacet.Values)
                    {
                        counts[value.Value] = counts.GetValueOrDefault(value.Value) + value.Count;
                    }
                }
            }
            merged.Add(new FacetCounts(facet.Field, counts
                .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Take(facet.Size).Select(pair => new FacetValueCount(pair.Key, pair.Value)).ToList()));
        }
        return merged;
    }
}
