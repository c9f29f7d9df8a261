using System.Text.Json;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Writes the JSON-RPC error bodies the endpoint answers with when it refuses a request before any
/// MCP server sees it. Every body carries the HTTP request id (HttpContext.TraceIdentifier, also sent
/// as X-Request-Id) in error.data.requestId, so a client report can be matched to the gateway's logs.
/// </summary>
internal static class JsonRpcErrorResponse
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    /// <summary>Server-defined range (-32000..-32099): transport-level refusals such as a full session table.</summary>
    public const int ServerError = -32000;
    /// <summary>Server-defined: the Mcp-Session-Id names no live session (expired, deleted or never issued).</summary>
    public const int SessionNotFound = -32001;
    /// <summary>The code MCP assigns to "unsupported protocol version" (McpErrorCode.UnsupportedProtocolVersion).</summary>
    public const int UnsupportedProtocolVersion = -32022;

    public static async Task WriteAsync(HttpContext http, int statusCode, int code, string message, Action<Utf8JsonWriter>? writeExtraData = null)
    {
        var response = http.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNull("id");
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteStartObject("data");
            writer.WriteString("requestId", http.TraceIdentifier);
            writeExtraData?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
