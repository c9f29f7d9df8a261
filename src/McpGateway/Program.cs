using OrleansSearch.McpGateway.Mcp;

// The gateway host; endpoints are added by the gateway issue (MCP, REST, auth, health, metrics).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var stdio = McpStdio.IsRequested(args);
if (stdio)
{
    builder.Logging.AddMcpStdioLogging();
}
builder.Services.AddMcpEndpoint(options => builder.Configuration.GetSection("Mcp").Bind(options));
var app = builder.Build();
if (stdio)
{
    await McpStdio.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
    return;
}
app.MapMcpEndpoint();
app.Run();

/// <summary>The gateway's entry point, for WebApplicationFactory in tests.</summary>
public partial class Program;
