using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansSearch.McpGateway.Hosting;

namespace OrleansSearch.Gateway.Bench;

/// <summary>HTTP plumbing shared by the REST and MCP targets: a pooled client, the search's arguments, and reading hits back.</summary>
internal static class GatewayRequests
{
    public const string Index = SampleCorpusLoader.IndexName;

    /// <summary>One client per target, pooling as many loopback connections as there are workers.</summary>
    public static HttpClient CreateClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The search as both APIs take it; everything else (top_k 10, keyword mode) is the default.</summary>
    public static Dictionary<string, object> Arguments(BenchQuery query, string detail)
    {
        var arguments = new Dictionary<string, object> { ["query"] = query.Text, ["detail"] = detail };
        if (query.Section is not null)
        {
            arguments["filters"] = new Dictionary<string, string> { ["section"] = query.Section };
        }
        return arguments;
    }

    public static HttpRequestMessage Post(string path, byte[] jsonBody, string accept)
    {
        var content = new ByteArrayContent(jsonBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    /// <summary>The ids of a search answer's hits (REST body, or an MCP result's structured content).</summary>
    public static IReadOnlyList<string> HitIds(JsonNode answer)
        => [.. answer["hits"]!.AsArray().Select(hit => (string)hit!["id"]!)];

    public static async Task<string> ReadSuccessAsync(HttpResponseMessage response, params HttpStatusCode[] success)
    {
        string body = await response.Content.ReadAsStringAsync();
        return (success.Length == 0 ? response.StatusCode == HttpStatusCode.OK : success.Contains(response.StatusCode))
            ? body
            : throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {body}");
    }

    public static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
