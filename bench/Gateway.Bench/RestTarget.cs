using System.Net;
using System.Text.Json.Nodes;

namespace OrleansSearch.Gateway.Bench;

/// <summary>The gateway's REST search, <c>POST /v1/indexes/{index}/search</c> (the sample corpus's index unless told otherwise).</summary>
internal sealed class RestTarget(string name, HttpClient http, IReadOnlyList<BenchQuery> queries, string detail, string index = GatewayRequests.Index) : ISearchTarget
{
    private readonly string Path = $"/v1/indexes/{index}/search";
    private readonly byte[][] _bodies = [.. queries.Select(query => GatewayRequests.Json(GatewayRequests.Arguments(query, detail)))];

    public string Name => name;

    public async ValueTask<bool> SearchAsync(int query)
    {
        using var request = GatewayRequests.Post(Path, _bodies[query], "application/json");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task<IReadOnlyList<string>> HitIdsAsync(int query)
    {
        using var request = GatewayRequests.Post(Path, _bodies[query], "application/json");
        using var response = await http.SendAsync(request);
        return GatewayRequests.HitIds(JsonNode.Parse(await GatewayRequests.ReadSuccessAsync(response))!);
    }
}
