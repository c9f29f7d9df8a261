using System.Text.Json;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// The gateway's query path without HTTP: its own <see cref="QueryCoordinator"/> called in-process with the search a
/// REST request would deserialize to. Set against the REST target, it shows what Kestrel, routing, JSON and the
/// middleware cost; set against <see cref="ShardCallsTarget"/>, what the coordinator adds to the shard calls.
/// </summary>
internal sealed class CoordinatorTarget(string name, QueryCoordinator coordinator, IReadOnlyList<BenchQuery> queries, string detail) : ISearchTarget
{
    private readonly SearchInput[] _inputs = [.. queries.Select(query => new SearchInput
    {
        Query = query.Text,
        Detail = detail,
        Filters = query.Section is null ? null : new Dictionary<string, JsonElement> { ["section"] = JsonSerializer.SerializeToElement(query.Section) },
    })];

    public string Name => name;

    public async ValueTask<bool> SearchAsync(int query)
        => (await coordinator.SearchAsync(GatewayRequests.Index, _inputs[query], CancellationToken.None)).Hits.Count > 0;

    public async Task<IReadOnlyList<string>> HitIdsAsync(int query)
        => [.. (await coordinator.SearchAsync(GatewayRequests.Index, _inputs[query], CancellationToken.None)).Hits.Select(hit => hit.Id)];
}
