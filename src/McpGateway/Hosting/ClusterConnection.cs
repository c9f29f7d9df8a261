using Microsoft.Extensions.Options;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Runtime.Client;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Silo;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Starts the embedded silos (embedded mode) and connects the gateway's cluster client; on shutdown,
/// stops the embedded silos gracefully. The gateway itself keeps no state: everything is in grains.
/// </summary>
internal sealed partial class ClusterConnection(
    ClusterClient client,
    ClusterStorage storage,
    IOptions<GatewayOptions> options,
    IOptions<ShardOptions> shards,
    ILoggerFactory loggerFactory,
    System.Diagnostics.Metrics.IMeterFactory meterFactory,
    ILogger<ClusterConnection> logger) : IHostedService
{
    private readonly List<Runtime.Hosting.Silo> _silos = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The silos running in this process (embedded mode), for fault tests.</summary>
    internal IReadOnlyList<Runtime.Hosting.Silo> EmbeddedSilos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>Completes once the client sees Active silos.</summary>
    public Task Connected => _connected.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.IsEmbedded)
        {
            await storage.Documents.InitializeAsync(cancellationToken);
            for (int i = 0; i < options.Value.EmbeddedSilos; i++)
            {
                var builder = new SiloBuilder()
                    .UseMembershipTable(storage.Membership)
                    .UseGrainStorage(storage.GrainState)
                    .UseLoggerFactory(loggerFactory)
                    .UseMeterFactory(meterFactory)
                    .ConfigureSilo(silo =>
                    {
                        silo.ClusterId = EmbeddedClusterId;
                        silo.SiloName = $"embedded-{i + 1}";
                        silo.Port = 0;
                    });
                SearchGrains.AddTo(builder, storage, shards.Value);
                var silo = builder.Build();
                lock (_silos)
                {
                    _silos.Add(silo);
                }
                await silo.StartAsync(cancellationToken);
            }
            LogEmbedded(logger, _silos.Count, options.Value.DataDirectory);
        }
        await client.ConnectAsync(cancellationToken);
        _connected.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Runtime.Hosting.Silo[] silos;
        lock (_silos)
        {
            silos = [.. _silos];
            _silos.Clear();
        }
        foreach (var silo in silos)
        {
            await silo.StopAsync(cancellationToken);
            await silo.DisposeAsync();
        }
    }

    /// <summary>
    /// Embedded silos live only as long as this process, so each run is a cluster of its own: rows left
    /// by a run that crashed can never hold up the next one. Grain state and documents do not depend
    /// on the cluster id and carry over.
    /// </summary>
    public static readonly string EmbeddedClusterId = "embedded-" + Guid.NewGuid().ToString("N")[..12];

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Embedded cluster: {Silos} silo(s) in this process, data in {DataDirectory}")]
    private static partial void LogEmbedded(ILogger logger, int silos, string dataDirectory);
}
