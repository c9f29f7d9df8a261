using OrleansSearch.Grains.Documents;
using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// Phase 2 and nothing else: the index's shard grains searched in parallel through the co-hosted silo's
/// <see cref="IGrainFactory"/> with the query and summed statistics prepared beforehand (as the gateway has them from
/// its statistics cache), then merged. What the grain calls and the shards' own searching cost, without the gateway.
/// </summary>
internal sealed class ShardCallsTarget : ISearchTarget
{
    private readonly IShardGrain[] _shards;
    private readonly (ShardQuery Query, QueryStatistics Statistics)[] _prepared;

    private ShardCallsTarget(string name, IShardGrain[] shards, (ShardQuery, QueryStatistics)[] prepared)
    {
        Name = name;
        _shards = shards;
        _prepared = prepared;
    }

    public string Name { get; }

    public static async Task<ShardCallsTarget> CreateAsync(string name, IGrainFactory grains, IndexSpec spec, IReadOnlyList<BenchQuery> queries, string detail)
    {
        var shards = Enumerable.Range(0, spec.ShardCount).Select(shard => grains.GetGrain<IShardGrain>(ShardKeys.For(GatewayRequests.Index, shard))).ToArray();
        bool withFields = detail != "ids";
        // The same query the coordinator builds for this detail: top 10, only the metadata fields.
        var fieldNames = withFields ? spec.Fields.Where(f => f.Kind is FieldKind.Keyword or FieldKind.Number or FieldKind.Date).Select(f => f.Name).ToList() : null;
        var prepared = new (ShardQuery, QueryStatistics)[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            var filters = queries[i].Section is { } section ? new Dictionary<string, JsonElement> { ["section"] = JsonSerializer.SerializeToElement(section) } : null;
            var query = new ShardQuery(queries[i].Text, Filters: FilterParser.Parse(spec, filters), Facets: [], Limit: 10, IncludeFields: withFields, FieldNames: fieldNames);
            var statistics = await Task.WhenAll(shards.Select(shard => shard.Statistics(query)));
            prepared[i] = (query, GlobalStatistics.Sum(statistics));
        }
        return new ShardCallsTarget(name, shards, prepared);
    }

    public async ValueTask<bool> SearchAsync(int query) => (await SearchShardsAsync(query)).Any(page => page.Hits.Count > 0);

    public async Task<IReadOnlyList<string>> HitIdsAsync(int query)
        => [.. ShardPageMerger.Merge([.. await SearchShardsAsync(query)], null, false, 0, 10, []).Hits.Select(hit => hit.Id)];

    private Task<ShardPage[]> SearchShardsAsync(int query)
    {
        var (shardQuery, statistics) = _prepared[query];
        var calls = new Task<ShardPage>[_shards.Length];
        for (int shard = 0; shard < _shards.Length; shard++)
        {
            calls[shard] = _shards[shard].Search(shardQuery, statistics);
        }
        return Task.WhenAll(calls);
    }
}
