using System.Collections.Concurrent;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Phase 1 results (the summed BM25 statistics of a query's terms) kept per gateway, keyed by index,
/// generation and the parts of the query that decide them (text, operator, filters — not the page,
/// sort or detail). Any write advances the generation, so an entry never outlives the statistics it
/// describes; the next page of a query, or the same query in another detail level, skips phase 1.
/// </summary>
internal sealed class StatisticsCache
{
    /// <summary>Entries kept before the cache starts over; statistics are small, but a gateway must not grow without bound.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Index, long Generation, string Query, bool RequireAll, string Filters), QueryStatistics> _entries = new();

    public bool TryGet(string index, long generation, ShardQuery query, out QueryStatistics statistics)
        => _entries.TryGetValue(Key(index, generation, query), out statistics!);

    public void Add(string index, long generation, ShardQuery query, QueryStatistics statistics)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        _entries[Key(index, generation, query)] = statistics;
    }

    private static (string, long, string, bool, string) Key(string index, long generation, ShardQuery query)
        => (index, generation, query.Query, query.RequireAll, System.Text.Json.JsonSerializer.Serialize(query.Filters));
}
