using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// At start, asks every copy of every shard of every index to answer, which activates the ones nobody has loaded
/// yet (a cold copy reads its snapshot for seconds; a client's query should not be the one that waits, nor get an
/// empty partial answer). The gateway is not ready until each copy answered once; copies that fail are asked again.
/// </summary>
internal sealed partial class ShardWarmup(IGrainFactory grains, ClusterConnection connection, TimeProvider time, ILogger<ShardWarmup> logger) : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private volatile string _state = "not started";
    private volatile bool _warm;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await connection.Connected.WaitAsync(stoppingToken);
        var started = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int copies = await WarmAsync(stoppingToken);
                _warm = true;
                _state = $"{copies} shard copies answered";
                var elapsed = time.GetElapsedTime(started);
                LogWarm(logger, copies, elapsed);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _state = $"warming shards: {exception.Message}";
                LogRetry(logger, exception.Message);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    private async Task<int> WarmAsync(CancellationToken cancellationToken)
    {
        var specs = await ClusterIndexes.ListAsync(grains).WaitAsync(cancellationToken);
        var copies = specs.SelectMany(spec => ClusterIndexes.CopiesOf(spec).Select(copy => (spec.Name, copy.Shard, copy.Copy))).ToList();
        int answered = 0;
        _state = $"warming shards: 0 of {copies.Count} copies answered";
        // A few at a time: every copy loading at once would only make each of them slower.
        await Parallel.ForEachAsync(copies, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (copy, token) =>
        {
            await grains.GetGrain<IShardGrain>(ShardKeys.For(copy.Name, copy.Shard, copy.Copy)).Describe().WaitAsync(token);
            _state = $"warming shards: {Interlocked.Increment(ref answered)} of {copies.Count} copies answered";
        });
        return copies.Count;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(_warm ? HealthCheckResult.Healthy(_state) : HealthCheckResult.Unhealthy(_state));

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Every shard copy answered ({Copies}) after {Elapsed}: ready for queries")]
    private static partial void LogWarm(ILogger logger, int copies, TimeSpan elapsed);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Warming shards: {Reason}; trying again")]
    private static partial void LogRetry(ILogger logger, string reason);
}
