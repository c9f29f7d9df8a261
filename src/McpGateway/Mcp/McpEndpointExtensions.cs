using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>Registers and maps the gateway's MCP endpoint (Streamable HTTP; stdio through <see cref="McpStdio"/>).</summary>
internal static class McpEndpointExtensions
{
    /// <summary>
    /// Adds the MCP endpoint's services; settings are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// <para>Tools: every <see cref="McpServerTool"/> registered as a singleton is offered (likewise
    /// <see cref="McpServerPrompt"/> and <see cref="McpServerResource"/>), e.g.
    /// <c>services.AddSingleton(McpServerTool.Create(SearchTools.Search, new() { Name = "search" }))</c> or a
    /// subclass of McpServerTool. Anything else (handlers, capabilities) goes through
    /// <c>services.Configure&lt;McpServerOptions&gt;(...)</c>.</para>
    /// <para>Services and caller: a handler taking <c>RequestContext&lt;CallToolRequestParams&gt; request</c>
    /// gets in <c>request.Services</c> the HTTP request's own scope (HttpContext.RequestServices), in both
    /// modes, so scoped services and <c>IHttpContextAccessor.HttpContext</c> are the current request's.
    /// The caller is <c>request.User</c>: the ClaimsPrincipal the auth middleware put on HttpContext.User
    /// before the endpoint ran (the same object as <c>IHttpContextAccessor.HttpContext.User</c>); over stdio
    /// it is null and there is no HttpContext, and each message gets a fresh scope.</para>
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<McpServerOptions>, McpServerOptionsSetup>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<McpRequestServices>();
        services.TryAddSingleton<McpSessionStore>();
        services.TryAddSingleton<McpStreamableHttpEndpoint>();
        services.AddHttpContextAccessor();
        return services;
    }

    /// <summary>Maps POST, GET and DELETE of the MCP Streamable HTTP transport on <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapMcpEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/mcp")
    {
        var endpoint = endpoints.ServiceProvider.GetService<McpStreamableHttpEndpoint>()
            ?? throw new InvalidOperationException($"MapMcpEndpoint needs services.{nameof(AddMcpEndpoint)}() first.");
        var group = endpoints.MapGroup(pattern);
        group.MapPost("", endpoint.HandlePostAsync).WithName("McpPost").WithSummary("MCP Streamable HTTP: client messages");
        group.MapGet("", endpoint.HandleGetAsync).WithName("McpGet").WithSummary("MCP Streamable HTTP: server-to-client stream of a session");
        group.MapDelete("", endpoint.HandleDeleteAsync).WithName("McpDelete").WithSummary("MCP Streamable HTTP: end a session");
        group.WithTags("MCP");
        return group;
    }
}
