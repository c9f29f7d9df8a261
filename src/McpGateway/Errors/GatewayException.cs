namespace OrleansSearch.McpGateway.Errors;

/// <summary>
/// A request the gateway refuses or cannot serve, with the HTTP status, a stable machine-readable code
/// and a message for the caller. REST answers it as the error envelope; MCP as a tool error.
/// </summary>
public sealed class GatewayException : Exception
{
    public GatewayException(int status, string code, string message, TimeSpan? retryAfter = null, Exception? inner = null) : base(message, inner)
    {
        Status = status;
        Code = code;
        RetryAfter = retryAfter;
    }

    public GatewayException() : this(500, ErrorCodes.Internal, "Internal error.") { }
    public GatewayException(string message) : this(500, ErrorCodes.Internal, message) { }
    public GatewayException(string message, Exception innerException) : base(message, innerException) { Status = 500; Code = ErrorCodes.Internal; }

    public int Status { get; }
    public string Code { get; }

    /// <summary>For rate limits, overload and outages: when to try again.</summary>
    public TimeSpan? RetryAfter { get; }

    public static GatewayException BadRequest(string code, string message) => new(400, code, message);
    public static GatewayException NotFound(string code, string message) => new(404, code, message);

    /// <summary>How long a client refused for overload should wait: about the time a full admission queue takes to drain at capacity.</summary>
    public static readonly TimeSpan OverloadRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>503 <c>overloaded</c>: the gateway's admission limit, or a silo shedding load, refused the request; retry later.</summary>
    public static GatewayException Overloaded(string message, Exception? inner = null) => new(503, ErrorCodes.Overloaded, message, OverloadRetryAfter, inner);
}

/// <summary>The stable error codes clients can branch on.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidQuery = "invalid_query";
    public const string InvalidArgument = "invalid_argument";
    public const string IndexNotFound = "index_not_found";
    public const string IndexExists = "index_exists";
    public const string DocumentNotFound = "document_not_found";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UriTooLong = "uri_too_long";
    public const string ShardTimeout = "shard_timeout";
    public const string Unavailable = "unavailable";
    public const string Overloaded = "overloaded";
    public const string EmbeddingUnavailable = "embedding_unavailable";
    public const string StoreUnavailable = "store_unavailable";
    public const string WriteOutcomeUnknown = "write_outcome_unknown";
    public const string Internal = "internal_error";
}
