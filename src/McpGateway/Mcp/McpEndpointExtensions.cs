using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Security;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Registers and maps the gateway's MCP endpoint on the official SDK (ModelContextProtocol.AspNetCore):
/// Streamable HTTP through <c>MapMcp</c>, stdio through <see cref="McpStdio"/>. Both serve the same
/// <see cref="McpServerOptions"/>, so a tool is declared once for every transport.
/// </summary>
internal static class McpEndpointExtensions
{
    private const string SdkServerLogCategory = "ModelContextProtocol.Server.McpServer";

    /// <summary>
    /// Adds the MCP server and its Streamable HTTP transport; settings are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// <para>Tools: every <see cref="McpServerTool"/> registered as a singleton is offered (likewise
    /// <see cref="McpServerPrompt"/> and <see cref="McpServerResource"/>): the SDK's AddMcpServer collects them.
    /// Anything else (handlers, capabilities) goes through <c>services.Configure&lt;McpServerOptions&gt;(...)</c>.</para>
    /// <para>Caller: over HTTP a tool finds the request in <c>IHttpContextAccessor.HttpContext</c> (handlers run in
    /// the POST's execution context in both modes) and the ClaimsPrincipal in <c>request.User</c>; over stdio there
    /// is no HttpContext and no user.</para>
    /// </remarks>
    public static IServiceCollection AddMcpEndpoint(this IServiceCollection services, Action<McpEndpointOptions>? configure = null)
    {
        var options = services.AddOptions<McpEndpointOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpEndpointOptions>, McpEndpointOptionsValidator>());
        services.AddHttpContextAccessor();

        services.AddMcpServer().WithHttpTransport();
        // The SDK's server logs every request at Information ("request handler called", "\"search\" completed",
        // "request handler completed in"): three lines per tool call. Default that category to Warning; the rule
        // goes first, so a Logging:LogLevel entry for the same category in configuration still overrides it.
        services.Configure<LoggerFilterOptions>(filters => filters.Rules.Insert(0, new LoggerFilterRule(null, SdkServerLogCategory, LogLevel.Warning, null)));
        services.AddMcpCancellationQuietLogging();
        services.AddOptions<McpServerOptions>().Configure<IOptions<McpEndpointOptions>, ILoggerFactory>((server, endpoint, loggers) =>
        {
            server.ServerInfo = new Implementation { Name = endpoint.Value.ServerName, Version = endpoint.Value.ServerVersion };
            server.ServerInstructions = endpoint.Value.Instructions;
            server.Filters.Message.IncomingFilters.Add(new McpLoneSurrogateCheck(loggers.CreateLogger<McpLoneSurrogateCheck>()).Filter);
            server.Filters.Request.CallToolFilters.Add(new McpToolCallErrors(loggers.CreateLogger<McpToolCallErrors>()).Filter);
        });
        services.AddOptions<HttpServerTransportOptions>().Configure<IOptions<McpEndpointOptions>>((transport, endpoint) =>
        {
            transport.Stateless = endpoint.Value.Stateless;
            // MCP9006: the SDK marks its session settings obsolete because the 2026-07-28 revision drops
            // sessions; stateful mode stays a setting here for 2025-11-25 clients that need server-to-client requests.
#pragma warning disable MCP9006
            transport.IdleTimeout = endpoint.Value.SessionIdleTimeout;
            transport.MaxIdleSessionCount = endpoint.Value.MaxIdleSessions;
#pragma warning restore MCP9006
        });
        return services;
    }

    /// <summary>
    /// Maps the MCP Streamable HTTP transport (POST, and GET/DELETE in stateful mode) on <paramref name="pattern"/>,
    /// behind the gateway's middleware (request ids, body limit, API keys) and the Origin check.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/mcp")
    {
        var origins = new McpOriginCheck(endpoints.ServiceProvider.GetRequiredService<IOptions<McpEndpointOptions>>().Value.AllowedOrigins);
        var mcp = endpoints.MapMcp(pattern);
        mcp.Add(endpoint => endpoint.RequestDelegate = origins.Wrap(IdentifyCaller(EndStreamWhenSessionEnds(endpoint.RequestDelegate!))));
        mcp.WithTags("MCP");
        return mcp;
    }

    /// <summary>
    /// Makes the API-key client (<see cref="Caller"/>, put on the request by the gateway's auth middleware) the
    /// request's user when no other authentication did, as a NameIdentifier claim: the SDK binds a stateful
    /// session to the user that started it and refuses (403) requests for it from anyone else, so a session id
    /// that leaks cannot be used with another client's key. Anonymous callers all share one identity.
    /// </summary>
    private static RequestDelegate IdentifyCaller(RequestDelegate next) => http =>
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            Caller caller;
            try
            {
                caller = Caller.From(http);
            }
            catch (GatewayException)
            {
                return next(http);
            }
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, caller.ClientId), new Claim(ClaimTypes.Name, caller.ClientId)], authenticationType: "ApiKey"));
        }
        return next(http);
    };

    /// <summary>
    /// When a stateful session ends (DELETE, idle timeout, shutdown) while one of its POST streams is still
    /// open, the SDK's handler stops with <see cref="OperationCanceledException"/> after the response has
    /// started, and Kestrel then aborts the connection, which clients report as a broken stream ("SSE stream
    /// disconnected"). It happens to every call the client cancelled: the SDK sends no response to a cancelled
    /// request, and the TypeScript client keeps that POST open until the session ends. The session is over,
    /// not failed: end the response normally instead.
    /// </summary>
    private static RequestDelegate EndStreamWhenSessionEnds(RequestDelegate next) => async http =>
    {
        try
        {
            await next(http);
        }
        catch (OperationCanceledException) when (http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
        }
    };
}
