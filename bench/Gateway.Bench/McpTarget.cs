using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// The gateway's MCP endpoint (Streamable HTTP, stateless: no initialize, no session), one <c>tools/call</c> of the
/// <c>search</c> tool per POST, answered as a server-sent event.
/// </summary>
internal sealed class McpTarget(string name, HttpClient http, IReadOnlyList<BenchQuery> queries, string detail) : ISearchTarget
{
    private const string Path = "/mcp";
    private const string Accept = "application/json, text/event-stream";
    private static readonly byte[] ToolError = Encoding.UTF8.GetBytes("\"isError\":true");

    private readonly byte[][] _bodies = [.. queries.Select((query, i) =>
    {
        var arguments = GatewayRequests.Arguments(query, detail);
        arguments["index"] = GatewayRequests.Index;
        return GatewayRequests.Json(new { jsonrpc = "2.0", id = i + 1, method = "tools/call", @params = new { name = "search", arguments } });
    })];

    public string Name => name;

    public async ValueTask<bool> SearchAsync(int query)
    {
        using var request = GatewayRequests.Post(Path, _bodies[query], Accept);
        using var response = await http.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK && body.AsSpan().IndexOf(ToolError) < 0;
    }

    public async Task<IReadOnlyList<string>> HitIdsAsync(int query)
    {
        using var request = GatewayRequests.Post(Path, _bodies[query], Accept);
        using var response = await http.SendAsync(request);
        string body = await GatewayRequests.ReadSuccessAsync(response);
        string data = body.Split('\n').Single(line => line.StartsWith("data:", StringComparison.Ordinal) && line.Length > 5)[5..];
        var result = JsonNode.Parse(data)!["result"] ?? throw new InvalidOperationException($"tools/call answered without a result: {data}");
        if ((bool?)result["isError"] == true)
        {
            throw new InvalidOperationException($"the search tool failed: {result["content"]}");
        }
        return GatewayRequests.HitIds(result["structuredContent"]!);
    }
}
