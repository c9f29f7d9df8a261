using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>Raw Streamable HTTP calls, so the tests see status codes, headers and bodies as a client would.</summary>
public static class McpHttp
{
    public const string Path = "/mcp";

    public static HttpRequestMessage Post(string body, string? sessionId = null, string accept = "application/json, text/event-stream", string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }
        return request;
    }

    public static string Request(long id, string method, object? @params = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = @params ?? new { } });

    public static string Notification(string method, object? @params = null) =>
        @params is null
            ? JsonSerializer.Serialize(new { jsonrpc = "2.0", method })
            : JsonSerializer.Serialize(new { jsonrpc = "2.0", method, @params });

    public static string Initialize(long id = 1, string protocolVersion = "2025-11-25") => Request(id, "initialize", new
    {
        protocolVersion,
        capabilities = new { },
        clientInfo = new { name = "xunit", version = "1.0" },
    });

    /// <summary>The JSON-RPC messages of an SSE body ("data:" lines), in order.</summary>
    public static async Task<List<JsonNode>> ReadEventsAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var messages = new List<JsonNode>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Length > 5)
            {
                messages.Add(JsonNode.Parse(line[5..].Trim())!);
            }
        }
        return messages;
    }

    /// <summary>The one JSON-RPC response (with an id) of an SSE body.</summary>
    public static async Task<JsonNode> ReadResponseAsync(HttpResponseMessage response)
    {
        var events = await ReadEventsAsync(response);
        return Assert.Single(events, e => e["id"] is not null && (e["result"] is not null || e["error"] is not null));
    }

    /// <summary>A refusal's JSON-RPC error body; checks its shape and that the response names the request id.</summary>
    public static async Task<JsonNode> ReadErrorAsync(HttpResponseMessage response, int expectedCode)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2.0", (string?)body["jsonrpc"]);
        Assert.Equal(expectedCode, (int)body["error"]!["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]!["message"]));
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single()));
        return body;
    }

    /// <summary>A tool call's result: the tool error's JSON error body (code, message, request_id).</summary>
    public static JsonNode ToolErrorBody(JsonNode result)
    {
        Assert.True((bool?)result["isError"] == true, result.ToJsonString());
        return JsonNode.Parse((string)result["content"]![0]!["text"]!)!;
    }
}
