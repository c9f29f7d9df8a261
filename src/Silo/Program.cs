using OrleansSearch.Silo.Hosting;

namespace OrleansSearch.Silo;

/// <summary>The silo executable: one Orleans silo, configured from appsettings, environment and command line.</summary>
internal static class SiloProgram
{
    public static int Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddSiloHost();

        var app = builder.Build();
        app.MapSiloEndpoints();
        app.Run();
        return Environment.ExitCode;
    }
}
