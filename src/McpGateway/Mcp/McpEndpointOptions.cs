namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Settings of the MCP endpoint (Streamable HTTP on /mcp, and stdio). Bound from the "Mcp" configuration
/// section by the gateway; checked at startup by <see cref="McpEndpointOptionsValidator"/>; the session
/// settings are handed to the SDK's transport (ModelContextProtocol.AspNetCore HttpServerTransportOptions).
/// </summary>
internal sealed class McpEndpointOptions
{
    public const bool DEFAULT_STATELESS = true;
    public static readonly TimeSpan DEFAULT_SESSION_IDLE_TIMEOUT = TimeSpan.FromMinutes(10);
    public const int DEFAULT_MAX_IDLE_SESSIONS = 1_000;
    public const string DEFAULT_SERVER_NAME = "orleans-search";

    /// <summary>
    /// True (default): every POST is served on its own, no Mcp-Session-Id is issued, any gateway replica
    /// can answer any request, GET and DELETE answer 405, and the server never sends requests to the client
    /// (no sampling or elicitation). False: the endpoint issues sessions that live in this process (sticky
    /// routing needed behind a load balancer) and offers the server-to-client SSE stream on GET.
    /// </summary>
    public bool Stateless { get; set; } = DEFAULT_STATELESS;

    /// <summary>
    /// Stateful mode: a session with no request in progress for this long is ended, and its id then gets 404.
    /// An open GET stream counts as a request in progress. Default 10 minutes; the SDK checks every 5 seconds.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = DEFAULT_SESSION_IDLE_TIMEOUT;

    /// <summary>
    /// Stateful mode: idle sessions kept at once. Beyond it the oldest idle sessions are ended early (the SDK
    /// logs that at Critical); new sessions are never refused, and sessions with a request in progress are
    /// not counted. Default 1,000.
    /// </summary>
    public int MaxIdleSessions { get; set; } = DEFAULT_MAX_IDLE_SESSIONS;

    /// <summary>
    /// Browser origins (scheme://host[:port]) allowed besides loopback ones. A request that carries an
    /// Origin header not in this list is refused with 403, which is the spec's defence against DNS
    /// rebinding; requests without an Origin header (non-browser clients) are not affected. Default empty.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Server name announced in the initialize result. Default "orleans-search".</summary>
    public string ServerName { get; set; } = DEFAULT_SERVER_NAME;

    /// <summary>Server version announced in the initialize result. Default: the gateway assembly's version.</summary>
    public string ServerVersion { get; set; } = typeof(McpEndpointOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Instructions for the model, sent in the initialize result. Default none.</summary>
    public string? Instructions { get; set; }
}
