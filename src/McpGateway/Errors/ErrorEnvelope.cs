using System.Text.Json.Serialization;

namespace OrleansSearch.McpGateway.Errors;

/// <summary>Every error body: <c>{"error": {"code", "message", "request_id"}}</c>.</summary>
public sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);

public sealed record ErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("retry_after_seconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RetryAfterSeconds = null);
