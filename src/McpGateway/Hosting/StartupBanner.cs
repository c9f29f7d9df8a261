using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>Tells the person who just started the gateway where MCP is and what to paste into their MCP client.</summary>
internal static class StartupBanner
{
    public static void Print(IServiceProvider services, TextWriter output)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string? address = addresses?.FirstOrDefault();
        if (address is null)
        {
            return;
        }
        string mcp = address.TrimEnd('/') + "/mcp";
        string dll = Path.Combine(AppContext.BaseDirectory, "OrleansSearch.McpGateway.dll");
        output.WriteLine($$"""

            OrleansSearch gateway is listening.
              MCP (Streamable HTTP): {{mcp}}
              REST:                  {{address.TrimEnd('/')}}/v1   (OpenAPI: {{address.TrimEnd('/')}}/v1/openapi.json)

            MCP client configuration (HTTP):
              { "mcpServers": { "orleans-search": { "type": "http", "url": "{{mcp}}" } } }
            MCP client configuration (stdio, for desktop clients):
              { "mcpServers": { "orleans-search": { "command": "dotnet", "args": ["{{dll}}", "--stdio"] } } }

            """);
    }
}
