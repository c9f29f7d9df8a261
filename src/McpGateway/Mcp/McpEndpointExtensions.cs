using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>Registers and maps the gateway's MCP endpoint (Streamable HTTP; stdio through <see cref="McpStdio"/>).</summary>
internal static class McpEndpointExtensions
{
    /// <summary>
    /// Adds the MCP endpoint's services. The tools offered are every <see cref="McpServerTool"/> registered
    /// as a singleton (likewise <see cref="McpServerPrompt"/> and <see cref="McpServerResource"/>), e.g.
    /// <c>services.AddSingleton(McpServerTool.Create(MyTools.Search, new() { Name = "search" }))</c>.
    /// A tool handler's <c>RequestContext&lt;CallToolRequestParams&gt;.Services</c> is the HTTP request's
    /// scope, and <c>.User</c> is HttpContext.User as the auth middleware left it (see README "MCP").
    /// </summary>
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
