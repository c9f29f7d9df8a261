using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Ready when a grain call reaches a silo and it sees Active silos. Degraded (still ready: HTTP 200) when that silo
/// cannot reach the document store: searches are served from memory, writes answer 503 <c>store_unavailable</c>
/// until the store is back. Asks <see cref="IClusterHealthGrain"/>, not Orleans' management grain, which reads the
/// membership table in the very database that is out.
/// </summary>
internal sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ClusterHealth health;
        try
        {
            health = await grains.GetGrain<IClusterHealthGrain>(0).Check().WaitAsync(CallTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", exception);
        }
        if (health.ActiveSilos == 0)
        {
            return HealthCheckResult.Unhealthy("no Active silo in the cluster");
        }
        return health.StoreProblem is { } problem
            ? HealthCheckResult.Degraded($"{health.ActiveSilos} active silos; {problem}: searches are served, writes are refused")
            : HealthCheckResult.Healthy($"{health.ActiveSilos} active silos");
    }
}
