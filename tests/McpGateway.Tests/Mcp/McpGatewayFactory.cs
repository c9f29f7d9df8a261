using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The real gateway (Program) with the test tools and a stand-in auth middleware. MCP settings come in
/// as configuration ("Mcp:Stateless" = "false" ...), exactly as an operator would set them.
/// </summary>
public sealed class McpGatewayFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.AddTestTools();
            services.AddTransient<IStartupFilter, TestAuthenticationStartupFilter>();
            configureServices?.Invoke(services);
        });
    }

    private sealed class TestAuthenticationStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseTestAuthentication();
            next(app);
        };
    }
}
