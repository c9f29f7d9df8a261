using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using OrleansSearch.McpGateway.Mcp;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// CORS, one allow-list per surface: <c>Http:CorsOrigins</c> for the REST API (<c>/v1</c>, none by default), and
/// <c>Mcp:AllowedOrigins</c> plus loopback origins for <c>/mcp</c> — the same origins its Origin check
/// (<see cref="McpOriginCheck"/>) lets through, so a browser is never allowed by one list and refused by the other.
/// </summary>
/// <remarks>
/// An origin in <c>Http:CorsOrigins</c> does not open <c>/mcp</c>: the MCP Origin check guards against DNS rebinding
/// and has its own list, and MCP needs headers REST does not (<c>Mcp-Session-Id</c>, <c>MCP-Protocol-Version</c>,
/// <c>Last-Event-ID</c>). A browser MCP client's origin goes in <c>Mcp:AllowedOrigins</c>; list it in both when it
/// calls both.
/// </remarks>
internal sealed class GatewayCors(IOptions<McpEndpointOptions> mcp, IConfiguration configuration) : ICorsPolicyProvider
{
    private static readonly string[] CommonHeaders = ["Authorization", "X-API-Key", "Content-Type", RequestIds.Header];
    private static readonly string[] McpHeaders = ["Accept", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID"];

    private readonly CorsPolicy _rest = RestPolicy(configuration.GetSection("Http:CorsOrigins").Get<string[]>() ?? []);
    private readonly CorsPolicy _mcp = McpPolicy(mcp.Value.AllowedOrigins);

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
        => Task.FromResult<CorsPolicy?>(ErrorResponses.IsMcp(context) ? _mcp : _rest);

    private static CorsPolicy RestPolicy(string[] origins)
    {
        var policy = new CorsPolicyBuilder();
        if (origins.Length > 0)
        {
            policy.WithOrigins(origins).WithMethods("GET", "POST", "DELETE").WithHeaders(CommonHeaders).WithExposedHeaders(RequestIds.Header, "Retry-After");
        }
        return policy.Build();
    }

    private static CorsPolicy McpPolicy(IEnumerable<string> listed)
    {
        var allowed = new HashSet<string>(listed, StringComparer.OrdinalIgnoreCase);
        return new CorsPolicyBuilder()
            .SetIsOriginAllowed(origin => allowed.Contains(origin) || McpOriginCheck.IsLoopback(origin))
            .WithMethods("GET", "POST", "DELETE")
            .WithHeaders([.. CommonHeaders, .. McpHeaders])
            .WithExposedHeaders(RequestIds.Header, "Retry-After", "Mcp-Session-Id", "WWW-Authenticate")
            .Build();
    }
}
