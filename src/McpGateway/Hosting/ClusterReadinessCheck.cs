using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Ready when a grain call reaches the cluster and it reports Active silos. Degraded (still ready: HTTP 200) when a
/// silo cannot reach the document store: searches are served from memory, writes answer 503
/// <c>store_unavailable</c> until the store is back.
/// </summary>
internal sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int active;
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            if (hosts.Count == 0)
            {
                return HealthCheckResult.Unhealthy("no Active silo in the cluster");
            }
            active = hosts.Count;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", exception);
        }
        try
        {
            string? storeProblem = await grains.GetGrain<IStoreHealthGrain>(0).Check().WaitAsync(CallTimeout, cancellationToken);
            return storeProblem is null
                ? HealthCheckResult.Healthy($"{active} active silos")
                : HealthCheckResult.Degraded($"{active} active silos; {storeProblem}: searches are served, writes are refused");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The silos answered a moment ago: what failed is the store check, not the cluster.
            return HealthCheckResult.Degraded($"{active} active silos; the document store's state is unknown", exception);
        }
    }
}
