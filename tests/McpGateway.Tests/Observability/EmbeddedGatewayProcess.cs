using System.Globalization;
using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.McpGateway.Tests.Observability;

/// <summary>
/// The built gateway executable in its own process, embedded mode on loopback with a throwaway data folder: for what
/// only a real process shows (its environment variables, whether its stdout is a terminal). Dispose kills it.
/// </summary>
public sealed class EmbeddedGatewayProcess : IDisposable
{
    public static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(120);

    private readonly string _folder = Directory.CreateTempSubdirectory("gateway-process-").FullName;

    private EmbeddedGatewayProcess(IReadOnlyDictionary<string, string>? environment, bool terminal)
    {
        int port = FreePorts.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Gateway:Mode"] = "Embedded",
            ["Gateway:EmbeddedSiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Gateway:DataDirectory"] = Path.Combine(_folder, "data"),
            ["Gateway:LoadSampleCorpus"] = "false",
        };
        Process = AppProcess.Start("gateway", BuiltApp.GatewayDll, new Uri(settings["Urls"]!), settings, Path.Combine(_folder, "logs"), environment, terminal);
    }

    public AppProcess Process { get; }

    /// <summary>Starts it and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<EmbeddedGatewayProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, bool terminal = false)
    {
        var gateway = new EmbeddedGatewayProcess(environment, terminal);
        try
        {
            await gateway.Process.WaitUntilHealthyAsync("/health/ready", ReadyDeadline);
            return gateway;
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    /// <summary>Everything it wrote to stdout and stderr so far.</summary>
    public string Output()
    {
        using var stream = new FileStream(Process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public void Dispose()
    {
        Process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held for a moment; the temp folder is cleaned by the OS.
        }
    }
}
