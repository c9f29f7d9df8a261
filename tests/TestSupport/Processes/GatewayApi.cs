using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSearch.Tests.Support.Processes;

/// <summary>The few REST calls that process-cluster tests and the failover bench make, against a gateway's <c>/v1</c>.</summary>
public static class GatewayApi
{
    /// <summary>Every test document carries this word, so one search counts them all.</summary>
    public const string CommonWord = "orchard";

    public static async Task CreateIndexAsync(HttpClient http, string index, int shards)
    {
        using var response = await http.PostAsJsonAsync("/v1/indexes", new { name = index, shards, fields = new[] { new { name = "body", type = "text" } } });
        await EnsureAsync(response, "create index");
    }

    /// <summary>Writes one document; the answer says whether it was acknowledged (HTTP 200 and <c>ok</c>).</summary>
    public static Task<HttpResponseMessage> WriteAsync(HttpClient http, string index, string id) =>
        http.PostAsJsonAsync($"/v1/indexes/{index}/documents", new { documents = new[] { new { id, fields = new { body = $"{CommonWord} document {id}" } } } });

    public static Task<HttpResponseMessage> SearchAllAsync(HttpClient http, string index, bool allowPartial) =>
        http.PostAsJsonAsync($"/v1/indexes/{index}/search", new { query = CommonWord, top_k = 1, detail = "ids", allow_partial = allowPartial });

    public static Task<HttpResponseMessage> GetDocumentAsync(HttpClient http, string index, string id) =>
        http.GetAsync(new Uri($"/v1/indexes/{index}/documents/{Uri.EscapeDataString(id)}", UriKind.Relative));

    /// <summary>
    /// Which silo hosts each copy of each shard (<c>shard_placement[].silo</c>), by silo name. A gateway at its
    /// admission limit (503 with Retry-After, as under the load bench's overload) is asked again, for up to 30 s.
    /// </summary>
    public static async Task<IReadOnlyList<(int Shard, string Silo)>> ShardPlacementAsync(HttpClient http, string index)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await http.GetAsync(new Uri($"/v1/indexes/{index}", UriKind.Relative));
        while (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is { } wait && !deadline.IsCancellationRequested)
        {
            response.Dispose();
            await Task.Delay(wait, deadline.Token);
            response = await http.GetAsync(new Uri($"/v1/indexes/{index}", UriKind.Relative));
        }
        using var answered = response;
        var body = await EnsureAsync(answered, "describe index");
        return [.. body.GetProperty("shard_placement").EnumerateArray().Select(p => (p.GetProperty("shard").GetInt32(), p.GetProperty("silo").GetString()!))];
    }

    /// <summary>
    /// Calls an MCP tool over Streamable HTTP without a session (the gateway's default is stateless) and returns the
    /// JSON-RPC <c>result</c>: a tool error is a result with <c>isError</c> and the error body as its text.
    /// </summary>
    public static async Task<JsonElement> CallToolAsync(HttpClient http, string tool, object arguments)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative))
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = tool, arguments } }),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"MCP {tool}: HTTP {(int)response.StatusCode} {text}");
        }
        // An SSE body carries the JSON-RPC response on its data line.
        string json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').Last(line => line.StartsWith("data:", StringComparison.Ordinal))[5..]
            : text;
        return JsonSerializer.Deserialize<JsonElement>(json).GetProperty("result");
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    public static async Task<JsonElement> EnsureAsync(HttpResponseMessage response, string what)
    {
        string text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? (text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text))
            : throw new HttpRequestException($"{what}: HTTP {(int)response.StatusCode} {text}");
    }
}
