using System.Net;
using System.Text.Json;

namespace OrleansSearch.Tests.Support.Load;

/// <summary>
/// The MCP <c>search</c> tool over Streamable HTTP at <c>/mcp</c>, stateless (the gateway's default): one JSON-RPC
/// <c>tools/call</c> per POST, no initialize, the answer as one server-sent event. A tool error
/// (<c>isError</c>) counts as failed under its error code, as REST's error body would.
/// </summary>
public sealed class McpSearch(string index, IReadOnlyList<IReadOnlyDictionary<string, object>> queries) : ILoadOperation
{
    private const string Path = "/mcp";
    private const string Accept = "application/json, text/event-stream";

    private readonly byte[][] _bodies = [.. queries.Select((query, i) => JsonPost.Body(new
    {
        jsonrpc = "2.0",
        id = i + 1,
        method = "tools/call",
        @params = new { name = "search", arguments = new Dictionary<string, object>(query) { ["index"] = index } },
    }))];

    public string Name => "mcp-search";

    public async Task<(OutcomeKind Kind, string? Failure)> SendAsync(HttpClient http, long sequence, CancellationToken cancellationToken)
    {
        using var request = JsonPost.Create(Path, _bodies[sequence % _bodies.Length], Accept);
        using var response = await http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (OutcomeKind.Failed, FailureReasons.FromStatus(response.StatusCode, body));
        }
        string? data = body.Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal) && line.Length > 5)?[5..];
        if (data is null)
        {
            return (OutcomeKind.Failed, "MCP answer without an event");
        }
        using var message = JsonDocument.Parse(data);
        if (message.RootElement.TryGetProperty("error", out var rpcError))
        {
            return (OutcomeKind.Failed, $"JSON-RPC error {rpcError.GetProperty("code")}");
        }
        var result = message.RootElement.GetProperty("result");
        if (result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
        {
            string text = result.GetProperty("content")[0].GetProperty("text").GetString() ?? "";
            return (OutcomeKind.Failed, $"MCP tool error {FailureReasons.ErrorCode(text) ?? "(no code)"}");
        }
        return (JsonPost.IsPartial(result.GetProperty("structuredContent")) ? OutcomeKind.Partial : OutcomeKind.Full, null);
    }
}
