using OrleansSearch.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddSiloHost();

var app = builder.Build();
app.MapSiloHealthChecks();
app.Run();
return Environment.ExitCode;

/// <summary>The silo host's entry point, visible to tests that start it in-process.</summary>
public partial class Program;
