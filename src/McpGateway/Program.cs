// The gateway host; endpoints are added by the gateway issue (MCP, REST, auth, health, metrics).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var app = builder.Build();
app.Run();

/// <summary>The gateway's entry point, for WebApplicationFactory in tests.</summary>
public partial class Program;
