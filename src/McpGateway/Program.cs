using OrleansSearch.McpGateway.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();
return Environment.ExitCode;

/// <summary>The gateway's entry point, for WebApplicationFactory in tests.</summary>
public partial class Program;
