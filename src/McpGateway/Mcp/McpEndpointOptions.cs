namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Settings of the MCP endpoint (Streamable HTTP on one path, and stdio). Bound from the "Mcp"
/// configuration section by the gateway; checked at startup by <see cref="McpEndpointOptionsValidator"/>.
/// </summary>
internal sealed class McpEndpointOptions
{
    public const bool DEFAULT_STATELESS = true;
    public static readonly TimeSpan DEFAULT_SESSION_IDLE_TIMEOUT = TimeSpan.FromMinutes(10);
    public const int DEFAULT_MAX_SESSIONS = 1_000;
    public const long DEFAULT_MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;
    public const string DEFAULT_SERVER_NAME = "orleans-search";

    /// <summary>
    /// True (default): every POST is served by a fresh MCP server built for that request, no
    /// Mcp-Session-Id is issued, any gateway replica can answer any request, and GET/DELETE answer 405.
    /// False: the endpoint issues sessions that live in this process (sticky routing needed behind a
    /// load balancer), keeps a server per session and offers the server-to-client SSE stream on GET.
    /// </summary>
    public bool Stateless { get; set; } = DEFAULT_STATELESS;

    /// <summary>Stateful mode: a session with no request for this long is ended. Default 10 minutes.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = DEFAULT_SESSION_IDLE_TIMEOUT;

    /// <summary>Stateful mode: sessions held at once; an initialize beyond it gets 503. Default 1,000.</summary>
    public int MaxSessions { get; set; } = DEFAULT_MAX_SESSIONS;

    /// <summary>Largest POST body accepted; a larger one gets 413. Default 4 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = DEFAULT_MAX_REQUEST_BODY_BYTES;

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
