using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OrleansSearch.Tests.Support.Load;

/// <summary>
/// Short, countable names for why a request failed: <c>HTTP 503 cluster_unavailable</c>, <c>timeout</c>,
/// <c>connection refused</c>. Reports group failures by them, so they carry the status and the error code, never
/// a request id or a message that differs per request.
/// </summary>
public static class FailureReasons
{
    /// <summary>An HTTP error answer: its status and, when the body is our error envelope, its code.</summary>
    public static string FromStatus(HttpStatusCode status, string body) =>
        ErrorCode(body) is { } code ? $"HTTP {(int)status} {code}" : $"HTTP {(int)status}";

    /// <summary>The error code of <c>{"error": {"code": ...}}</c> (REST) or <c>{"code": ...}</c> (an MCP tool error's text).</summary>
    public static string? ErrorCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                root = error;
            }
            return root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A request that got no answer: the client's timeout, or what the socket said.</summary>
    public static string FromException(Exception exception) => exception switch
    {
        TaskCanceledException or OperationCanceledException => "timeout",
        HttpRequestException { InnerException: SocketException socket } => "connection " + socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "refused",
            SocketError.ConnectionReset => "reset",
            var other => other.ToString(),
        },
        HttpRequestException { HttpRequestError: var error } => "connection " + error,
        _ => exception.GetType().Name,
    };
}
