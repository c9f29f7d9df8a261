using Microsoft.AspNetCore.Hosting;
using OrleansSearch.McpGateway.Tests.Rest;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The real gateway (Program) with the test tools and a stand-in auth middleware. MCP settings come in
/// as configuration ("Mcp:Stateless" = "false" ...), exactly as an operator would set them.
/// </summary>
public sealed class McpGatewayFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    : GatewayFactory(settings, services =>
    {
        services.AddTestTools();
        services.AddTransient<IStartupFilter, TestAuthenticationStartupFilter>();
        configureServices?.Invoke(services);
    })
{
    private sealed class TestAuthenticationStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseTestAuthentication();
            next(app);
        };
    }
}
