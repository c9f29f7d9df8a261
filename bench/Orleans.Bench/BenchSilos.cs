using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansSearch.Orleans.Bench;

/// <summary>
/// Two silos and one cluster client in this process, on localhost clustering over loopback: silo A is the primary
/// and the only gateway (so the client's calls enter through A), silo B joins through A. Each is its own host with
/// its own services, as if in separate processes, but they share the process's 2 cores and thread pool.
/// </summary>
internal sealed class BenchSilos : IAsyncDisposable
{
    private const string ServiceId = "orleans-bench";
    private const string ClusterId = "orleans-bench";
    private readonly List<IHost> _hosts = [];

    public IGrainFactory SiloA => _hosts[0].Services.GetRequiredService<IGrainFactory>();

    public IGrainFactory SiloB => _hosts[1].Services.GetRequiredService<IGrainFactory>();

    public IGrainFactory Client => _hosts[2].Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchSilos> StartAsync()
    {
        var silos = new BenchSilos();
        try
        {
            int siloPortA = FreePort(), gatewayPortA = FreePort(), siloPortB = FreePort();
            var primary = new IPEndPoint(IPAddress.Loopback, siloPortA);
            await silos.StartHostAsync(builder => builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPortA, gatewayPortA, primary, ServiceId, ClusterId)));
            // Gateway port 0: B opens no gateway, so the client cannot reach the cluster through B.
            await silos.StartHostAsync(builder => builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPortB, 0, primary, ServiceId, ClusterId)));
            await silos.StartHostAsync(builder => builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPortA, ServiceId, ClusterId)));
            return silos;
        }
        catch
        {
            await silos.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostAsync(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The watchdog warns about "long pauses" whenever other jobs hold the shared cores: noise here, not a finding.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        configure(builder);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
    }

    /// <summary>A port nobody listens on now (the OS picks it); Orleans needs the number before it binds.</summary>
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // The client first, then B, then the primary.
        for (int i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].StopAsync();
            _hosts[i].Dispose();
        }
        _hosts.Clear();
    }
}
