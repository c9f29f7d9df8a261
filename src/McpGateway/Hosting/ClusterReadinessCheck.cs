using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>Ready when a grain call reaches the cluster and it reports Active silos.</summary>
internal sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count == 0
                ? HealthCheckResult.Unhealthy("no Active silo in the cluster")
                : HealthCheckResult.Healthy($"{hosts.Count} active silos");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", exception);
        }
    }
}
