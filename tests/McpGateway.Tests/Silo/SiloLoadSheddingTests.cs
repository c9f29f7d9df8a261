extern alias silo;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using silo::OrleansSearch.Silo.Hosting;

namespace OrleansSearch.McpGateway.Tests.Silo;

/// <summary>
/// Issue 9, overload: a silo process runs Orleans' load shedding at our documented thresholds, section LoadShedding
/// overrides them, and --validate-config names a threshold out of range. The host is built, never started.
/// </summary>
public sealed class SiloLoadSheddingTests
{
    [Fact]
    public async Task A_silo_sheds_client_load_at_90_percent_cpu_unless_configured_otherwise()
    {
        Assert.Equal((true, 90, 90), await LoadSheddingOf([]));
        Assert.Equal((true, 75, 90), await LoadSheddingOf(["--LoadShedding:CpuThreshold=75"]));
        Assert.Equal((false, 90, 90), await LoadSheddingOf(["--LoadShedding:LoadSheddingEnabled=false"]));
    }

    [Fact]
    public void The_configuration_check_names_a_threshold_out_of_range()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LoadShedding:CpuThreshold"] = "150" }).Build();
        using var output = new StringWriter();

        Assert.Equal(1, SiloConfigurationCheck.Run(configuration, output));
        Assert.Contains("LoadShedding:CpuThreshold is 150", output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(bool Enabled, int Cpu, int Memory)> LoadSheddingOf(string[] args)
    {
        string folder = Directory.CreateTempSubdirectory("silo-load-shedding-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [.. args, $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "silo.db")}"],
                ContentRootPath = folder,
            });
            builder.AddSiloHost();
            await using var app = builder.Build();
            var options = app.Services.GetRequiredService<IOptions<LoadSheddingOptions>>().Value;
            return (options.LoadSheddingEnabled, options.CpuThreshold, options.MemoryThreshold);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
