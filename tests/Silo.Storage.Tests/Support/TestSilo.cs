using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansSearch.Silo.Storage.Tests.Support;

/// <summary>
/// A real Orleans silo in a generic host on free 127.0.0.1 ports, started and ready, whose warnings
/// and errors are collected (and whose console stays quiet). Dispose stops it.
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    public const string ServiceId = "orleans-search-tests";

    private TestSilo(IHost host, LogCollector logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public LogCollector Logs { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The provider registered under <paramref name="name"/>, resolved the way grains get it.</summary>
    public IGrainStorage Storage(string name) => Services.GetRequiredKeyedService<IGrainStorage>(name);

    /// <summary>
    /// A single-silo cluster (localhost clustering) with a fixed ServiceId, so a second silo started
    /// later against the same store reads what the first wrote (stored state is keyed by ServiceId).
    /// </summary>
    public static Task<TestSilo> StartLocalAsync(Action<ISiloBuilder> configure) =>
        StartAsync(silo =>
        {
            silo.UseLocalhostClustering(LoopbackPorts.Free(), LoopbackPorts.Free(), serviceId: ServiceId, clusterId: $"local-{Guid.NewGuid():N}");
            configure(silo);
        });

    /// <summary>A silo on 127.0.0.1 whose clustering <paramref name="configure"/> chooses.</summary>
    public static async Task<TestSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        var logs = new LogCollector();
        IHost host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(configure)
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new TestSilo(host, logs);
    }

    /// <summary>Configures a silo of a multi-silo cluster: its endpoints on 127.0.0.1 and its cluster and service ids.</summary>
    public static ISiloBuilder OnLoopback(ISiloBuilder silo, string clusterId) => silo
        .ConfigureEndpoints(IPAddress.Loopback, LoopbackPorts.Free(), LoopbackPorts.Free(), listenOnAnyHostAddress: false)
        .Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = ServiceId;
        });

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Host.StopAsync(stop.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }
}
