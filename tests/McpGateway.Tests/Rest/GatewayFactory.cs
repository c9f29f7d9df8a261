using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.McpGateway.Hosting;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// The real gateway (Program) in embedded mode on a temporary data folder, with settings per test class.
/// The in-process silos are real silos on loopback; only the HTTP front is the test server.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "os-gateway-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    public GatewayFactory(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Gateway:DataDirectory"] = _dataDirectory,
            ["Gateway:LoadSampleCorpus"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs));
    }

    /// <summary>Starts the host and waits until the cluster client sees the embedded silos.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await Services.GetRequiredService<ClusterConnection>().Connected.WaitAsync(TimeSpan.FromSeconds(60));
        return client;
    }

    internal ClusterConnection Cluster => Services.GetRequiredService<ClusterConnection>();

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

/// <summary>Keeps every log message written by the gateway, so tests can check what was (not) logged.</summary>
public sealed class LogCapture : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IEnumerable<string> Lines => _lines;

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => capture._lines.Enqueue(formatter(state, exception) + " " + exception);
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
