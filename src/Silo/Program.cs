using OrleansSearch.Silo.Hosting;

namespace OrleansSearch.Silo;

/// <summary>The silo executable: one Orleans silo, configured from appsettings, environment and command line.</summary>
internal static class SiloProgram
{
    public static int Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ConfigurationCheck.ConfigurationArguments(args), ContentRootPath = AppContext.BaseDirectory });
        if (ConfigurationCheck.IsRequested(args))
        {
            // Nothing is built: no Orleans, no Kestrel, no database connection.
            return SiloConfigurationCheck.Run(builder.Configuration, Console.Out);
        }
        builder.AddSiloHost();

        var app = builder.Build();
        app.MapSiloEndpoints();
        app.Run();
        return Environment.ExitCode;
    }
}
