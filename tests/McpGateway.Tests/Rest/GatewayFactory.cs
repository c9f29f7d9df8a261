using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// The real gateway (Program) with settings per test class: by default in embedded mode (its co-hosted Orleans
/// silo on a free loopback port, SQLite in a temporary data folder), or — <see cref="ForCluster"/> — in cluster
/// mode as an Orleans client of a test cluster. Only the HTTP front is the test server.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "os-gateway-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public GatewayFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        // Every setting a test depends on is given here, so the appsettings.json that happens to sit in
        // the test output (the gateway's or the silo's: both projects bring one) decides nothing.
        _settings = new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Gateway:EmbeddedSiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:DataDirectory"] = _dataDirectory,
            ["Gateway:LoadSampleCorpus"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Orleans notes that the test host runs workstation GC (the gateway itself runs server GC), and its
            // watchdog and health monitor report the thread-pool stalls of a loaded test machine: none of it is
            // what the tests check, and tests that assert "no warnings" would fail on a busy machine.
            ["Logging:LogLevel:Orleans.Runtime.Silo"] = "Error",
            ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
            ["Logging:LogLevel:Orleans.Runtime.MembershipService.LocalSiloHealthMonitor"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        _configureServices = configureServices;
    }

    public LogCollector Logs { get; } = new();

    /// <summary>A cluster-mode gateway whose static gateway list is <paramref name="cluster"/>'s silos.</summary>
    public static GatewayFactory ForCluster(SearchCluster cluster, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var all = new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Cluster",
            ["Silo:ServiceId"] = SearchCluster.ServiceId,
            ["Silo:ClusterId"] = cluster.ClusterId,
        };
        int i = 0;
        foreach (string endpoint in cluster.GatewayEndpoints)
        {
            all[$"Cluster:Gateways:{i++}"] = endpoint;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return new GatewayFactory(all, configureServices);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            _configureServices?.Invoke(services);
        });
    }

    /// <summary>Starts the host and waits until the cluster client sees the embedded silos.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await Services.GetRequiredService<ClusterConnection>().Connected.WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }


    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Small helpers for JSON calls.</summary>
internal static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
        => JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Json);
}
