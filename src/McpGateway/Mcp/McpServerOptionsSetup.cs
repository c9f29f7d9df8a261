using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Builds the one <see cref="McpServerOptions"/> shared by every MCP server the gateway creates (per
/// stateless request, per session, or for stdio): identity from <see cref="McpEndpointOptions"/>, and every
/// <see cref="McpServerTool"/>, <see cref="McpServerPrompt"/> and <see cref="McpServerResource"/> registered
/// as a singleton in DI. Further tweaks (handlers, capabilities) go through
/// <c>services.Configure&lt;McpServerOptions&gt;(...)</c>, which runs after this.
/// </summary>
internal sealed class McpServerOptionsSetup(
    IOptions<McpEndpointOptions> endpointOptions,
    IEnumerable<McpServerTool> tools,
    IEnumerable<McpServerPrompt> prompts,
    IEnumerable<McpServerResource> resources) : IConfigureOptions<McpServerOptions>
{
    public void Configure(McpServerOptions options)
    {
        var endpoint = endpointOptions.Value;
        options.ServerInfo = new Implementation { Name = endpoint.ServerName, Version = endpoint.ServerVersion };
        options.ServerInstructions = endpoint.Instructions;

        foreach (var tool in tools)
        {
            (options.ToolCollection ??= []).Add(tool);
        }
        foreach (var prompt in prompts)
        {
            (options.PromptCollection ??= []).Add(prompt);
        }
        foreach (var resource in resources)
        {
            (options.ResourceCollection ??= []).Add(resource);
        }

        // Servers are created with McpRequestServices, which hands handlers the HTTP request's own scope
        // (so HttpContext, the caller and request-scoped services are the request's) or, over stdio, a
        // scope per message. The SDK's own per-request scope would be a second, unrelated one.
        options.ScopeRequests = false;
        options.Filters.Message.IncomingFilters.Add(McpRequestServices.Filter);
    }
}
