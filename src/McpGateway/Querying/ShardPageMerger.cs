using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// K-way merge of shard pages into one page, in the one result order used everywhere: score
/// descending then id ascending (ordinal), or the sort field (missing values last) then id. Each shard
/// page is already in that order, so the merge takes heads with a priority queue.
/// </summary>
internal static class ShardPageMerger
{
    public static (List<ShardHit> Hits, long Total, bool TotalIsExact, List<FacetCounts> Facets) Merge(
        IReadOnlyList<ShardPage> pages, string? sortField, bool descending, int offset, int limit, IReadOnlyList<FacetSpec> facets)
    {
        var order = Comparer<ShardHit>.Create((a, b) => Compare(a, b, sortField is not null, descending));
        var heads = new PriorityQueue<(int Page, int Position), ShardHit>(order);
        for (int page = 0; page < pages.Count; page++)
        {
            if (pages[page].Hits.Count > 0)
            {
                heads.Enqueue((page, 0), pages[page].Hits[0]);
            }
        }
        var hits = new List<ShardHit>(limit);
        int skipped = 0;
        while (hits.Count < limit && heads.TryDequeue(out var head, out var hit))
        {
            if (skipped < offset)
            {
                skipped++;
            }
            else
            {
                hits.Add(hit);
            }
            var next = pages[head.Page].Hits;
            if (head.Position + 1 < next.Count)
            {
                heads.Enqueue((head.Page, head.Position + 1), next[head.Position + 1]);
            }
        }
        long total = 0;
        bool exact = true;
        foreach (var page in pages)
        {
            total += page.TotalHits;
            exact &= page.TotalIsExact;
        }
        return (hits, total, exact, MergeFacets(pages, facets));
    }

    /// <summary>Score order compares scores exactly: every shard scored with the same global statistics.</summary>
    private static int Compare(ShardHit a, ShardHit b, bool byField, bool descending)
    {
        int order;
        if (!byField)
        {
            order = b.Score.CompareTo(a.Score);
        }
        else
        {
            bool aMissing = a.SortNumber is null && a.SortKeyword is null;
            bool bMissing = b.SortNumber is null && b.SortKeyword is null;
            order = aMissing || bMissing
                ? aMissing.CompareTo(bMissing)
                : a.SortNumber is { } x && b.SortNumber is { } y ? x.CompareTo(y) : string.CompareOrdinal(a.SortKeyword, b.SortKeyword);
            if (descending && !(aMissing || bMissing))
            {
                order = -order;
            }
        }
        return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
    }

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
