namespace OrleansSearch.McpGateway.Mcp;

/// <summary>Header names and protocol constants of the Streamable HTTP transport.</summary>
internal static class McpHttpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string RequestId = "X-Request-Id";

    /// <summary>
    /// Revisions this endpoint speaks over HTTP. 2026-07-28 is left out on purpose: it drops the
    /// initialize handshake and requires per-request headers (Mcp-Method, Mcp-Name) this endpoint does
    /// not check yet, so such clients are told (with the list) to fall back to 2025-11-25.
    /// </summary>
    public static readonly string[] SupportedProtocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public static bool IsSupportedProtocolVersion(string version) => Array.IndexOf(SupportedProtocolVersions, version) >= 0;
}
