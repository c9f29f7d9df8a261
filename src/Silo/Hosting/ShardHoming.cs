using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Grains;
using OrleansSearch.Grains.Placement;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Once this silo is Active, brings home the shard copies the layout assigns it (<see cref="ShardLayout"/>): a copy
/// nobody has loaded activates here; a copy running elsewhere (it moved while this silo was away) moves here once
/// the other copies of its shard answer, so the shard stays served while it loads. The silo reports ready only when
/// its copies are home (or after <see cref="HomingTimeout"/>, with a warning naming how many are not), so a rolling
/// restart that waits for readiness never takes down the last warm copy of a shard.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "_stopping has no timer and lives as long as the silo; the homing task may still read its token after the silo stops.")]
internal sealed partial class ShardHoming(IGrainFactory grains, ILocalSiloDetails local, IClusterMembershipService membership, ILogger<ShardHoming> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    private static readonly TimeSpan HomingTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stopping = new();
    private volatile string _state = "waiting to become Active";
    private volatile bool _home;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(ShardHoming), ServiceLifecycleStage.Active, OnActive, OnStopping);

    private Task OnActive(CancellationToken cancellationToken)
    {
        // In the background: the silo must finish starting (and serve) while its copies load.
        _ = Task.Run(() => BringCopiesHomeAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStopping(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task BringCopiesHomeAsync(CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(HomingTimeout);
        int pending = -1;
        try
        {
            var mine = await CopiesAssignedHereAsync(deadline.Token);
            pending = mine.Count;
            _state = $"bringing home {pending} shard copies";
            await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = deadline.Token }, async (copy, token) =>
            {
                var grain = grains.GetGrain<IShardGrain>(copy.Key);
                while (!await IsHomeAsync(grain, copy.Movable, token))
                {
                    await Task.Delay(RetryDelay, token);
                }
                _state = $"bringing home shard copies: {Interlocked.Decrement(ref pending)} left";
            });
            _state = $"{mine.Count} shard copies home";
            LogHome(logger, mine.Count);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            _state = $"{pending} shard copies did not come home within {HomingTimeout}";
            LogNotHome(logger, pending, HomingTimeout);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _home = true;
    }

    /// <summary>
    /// Asks the copy to move where it belongs, then checks that it is here: the copy decides by its own silo's view of
    /// the membership, which may not show this silo yet. A shard's only copy never moves: it is home where it runs.
    /// </summary>
    private async Task<bool> IsHomeAsync(IShardGrain grain, bool movable, CancellationToken token)
    {
        try
        {
            bool settled = await grain.Rebalance().WaitAsync(token);
            return !movable || (settled && (await grain.Describe().WaitAsync(token)).Silo == local.Name);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Moving, or its old silo is going away: ask again.
            return false;
        }
    }

    private async Task<List<(string Key, bool Movable)>> CopiesAssignedHereAsync(CancellationToken token)
    {
        while (true)
        {
            try
            {
                var specs = await ClusterIndexes.ListAsync(grains).WaitAsync(token);
                var active = membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress).ToList();
                return [.. specs.SelectMany(spec => ClusterIndexes.CopiesOf(spec)
                    .Where(copy => ShardLayout.SiloFor(spec.Name, copy.Shard, copy.Copy, active).Equals(local.SiloAddress))
                    .Select(copy => (ShardKeys.For(spec.Name, copy.Shard, copy.Copy), spec.Copies > 1)))];
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _state = $"listing indexes: {exception.Message}";
                await Task.Delay(RetryDelay, token);
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(_home ? HealthCheckResult.Healthy(_state) : HealthCheckResult.Unhealthy(_state));

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "The {Copies} shard copies the layout assigns this silo are here")]
    private static partial void LogHome(ILogger logger, int copies);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "{Copies} shard copies the layout assigns this silo did not come within {Timeout}; reporting ready anyway (they move on their own timers)")]
    private static partial void LogNotHome(ILogger logger, int copies, TimeSpan timeout);
}
