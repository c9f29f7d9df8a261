using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Runtime.Membership;

namespace OrleansSearch.Silo;

/// <summary>Ready when the silo is Active in its own view and the membership store answers a read.</summary>
internal sealed class SiloReadinessCheck(Runtime.Hosting.Silo silo, ClusterStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.Status != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"silo is {silo.Status}");
        }
        try
        {
            var snapshot = await storage.Membership.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{silo.View.ActiveSilos.Count} active silos, view version {snapshot.Version}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("membership store does not answer", exception);
        }
    }
}
