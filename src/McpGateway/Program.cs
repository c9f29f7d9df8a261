using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.McpGateway.Mcp;
using OrleansSearch.Silo.Hosting;

bool stdio = McpStdio.IsRequested(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ConfigurationCheck.ConfigurationArguments(McpStdio.ConfigurationArguments(args)), ContentRootPath = AppContext.BaseDirectory });
if (ConfigurationCheck.IsRequested(args))
{
    // Nothing is built: no Orleans, no Kestrel, no data folder.
    return GatewayConfigurationCheck.Run(builder.Configuration, Console.Out);
}
builder.AddGateway(stdio);

var app = builder.Build();
app.MapGateway(stdio);
if (stdio)
{
    // A desktop MCP client speaks over stdin/stdout; the cluster (embedded silos) still starts as usual.
    await app.StartAsync();
    await McpStdio.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
    await app.StopAsync();
    return 0;
}
app.Run();
return Environment.ExitCode;

/// <summary>The gateway's entry point, for WebApplicationFactory in tests.</summary>
public partial class Program;
