using OrleansSearch.Silo;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSiloHost();

var app = builder.Build();
app.MapSiloHealthChecks();
app.Run();
return Environment.ExitCode;
