namespace OrleansSearch.McpGateway.Mcp;

/// <summary>The MCP endpoint's log events (source-generated).</summary>
internal static partial class McpEndpointLog
{
    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "MCP request {RequestId} refused with HTTP 403: origin {Origin} is not allowed")]
    public static partial void OriginRefused(this ILogger logger, string requestId, string origin);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "MCP stdio server started as '{ServerName}' {ServerVersion} with {ToolCount} tools")]
    public static partial void StdioStarted(this ILogger logger, string serverName, string serverVersion, int toolCount);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "MCP tool {Tool} refused for request {RequestId} ({Code}): {Reason}")]
    public static partial void ToolRefused(this ILogger logger, string tool, string requestId, string code, string reason);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "MCP request {RequestId} ({Method}) refused with JSON-RPC {Code}: {Reason}")]
    public static partial void RequestRefused(this ILogger logger, string requestId, string method, int code, string reason);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Error, Message = "MCP tool {Tool} failed for request {RequestId} ({Code})")]
    public static partial void ToolFailed(this ILogger logger, Exception exception, string tool, string requestId, string code);

    /// <summary>503/504 (any 5xx but 500), as REST logs them: the cluster or its store could not serve; a warning, as it heals by itself.</summary>
    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "MCP tool {Tool} could not be served for request {RequestId} ({Code})")]
    public static partial void ToolUnavailable(this ILogger logger, Exception exception, string tool, string requestId, string code);
}
