using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Grains.Documents;

/// <summary>
/// Phase 1's sum: the shards' statistics for a query's terms added up by the search library
/// (<see cref="Bm25Statistics.Sum"/>), so every shard scores as if it held the whole index.
/// </summary>
public static class GlobalStatistics
{
    public static QueryStatistics Sum(IEnumerable<QueryStatistics> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return QueryMapper.ToWire(Bm25Statistics.Sum(shards.Select(QueryMapper.FromWire)));
    }
}
