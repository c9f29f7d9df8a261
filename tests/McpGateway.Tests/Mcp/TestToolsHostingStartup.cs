using Microsoft.AspNetCore.Hosting;

[assembly: HostingStartup(typeof(OrleansSearch.McpGateway.Tests.Mcp.TestToolsHostingStartup))]

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// Adds the test tools to a gateway process started with
/// ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=OrleansSearch.McpGateway.Tests (the stdio end-to-end test spawns
/// the real gateway that way); without that variable the gateway never loads this assembly.
/// </summary>
public sealed class TestToolsHostingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services => services.AddTestTools());
}
