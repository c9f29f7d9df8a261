namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Registered after the Orleans host (co-hosted silo or client), so it starts once the cluster is reachable:
/// <see cref="Connected"/> tells the sample-corpus loader and tests that grain calls can go out.
/// </summary>
internal sealed partial class ClusterConnection(GatewayOptions options, IServiceProvider services, ILogger<ClusterConnection> logger) : IHostedService
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once grain calls can be made.</summary>
    public Task Connected => _connected.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.IsEmbedded)
        {
            if (services.GetService<LegacyDataFolder>() is { DiscardedFile: { } discarded })
            {
                LogDiscarded(logger, discarded);
            }
            LogEmbedded(logger, options.DataPath);
        }
        _connected.TrySetResult();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Embedded cluster: one Orleans silo in this process, data in {DataDirectory}")]
    private static partial void LogEmbedded(ILogger logger, string dataDirectory);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Discarded {File}: it was written by the runtime this product used before Orleans, whose index definitions Orleans cannot read; the sample corpus is indexed again")]
    private static partial void LogDiscarded(ILogger logger, string file);
}
