namespace OrleansSearch.McpGateway.Mcp;

/// <summary>The MCP endpoint's log events (source-generated).</summary>
internal static partial class McpEndpointLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "MCP client went away before request {RequestId} finished")]
    public static partial void ClientWentAway(this ILogger logger, string requestId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "MCP session {SessionId} started ({SessionCount} open)")]
    public static partial void SessionStarted(this ILogger logger, string sessionId, int sessionCount);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "MCP session {SessionId} ended: {Reason}")]
    public static partial void SessionEnded(this ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "MCP session limit of {MaxSessions} reached; refusing a new session (request {RequestId})")]
    public static partial void SessionLimitReached(this ILogger logger, int maxSessions, string requestId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "MCP request {RequestId} refused with HTTP {StatusCode}: {Reason}")]
    public static partial void RequestRefused(this ILogger logger, string requestId, int statusCode, string reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "MCP request {RequestId} failed")]
    public static partial void RequestFailed(this ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "MCP session {SessionId} server stopped with an error")]
    public static partial void SessionServerFailed(this ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Debug, Message = "MCP request {RequestId} ended: the client cancelled its JSON-RPC request")]
    public static partial void RequestCancelledByClient(this ILogger logger, string requestId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "MCP stdio server started as '{ServerName}' {ServerVersion} with {ToolCount} tools")]
    public static partial void StdioStarted(this ILogger logger, string serverName, string serverVersion, int toolCount);
}
