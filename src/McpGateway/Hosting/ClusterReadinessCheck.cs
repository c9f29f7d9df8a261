using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Runtime.Client;
using OrleansSearch.Silo;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>Ready when the gateway's view has Active silos and the cluster's store answers.</summary>
internal sealed class ClusterReadinessCheck(ClusterClient client, ClusterStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int active = client.View.ActiveSilos.Count;
        if (active == 0)
        {
            return HealthCheckResult.Unhealthy("no Active silo in the membership view");
        }
        try
        {
            await storage.Membership.ReadAllAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the cluster store does not answer", exception);
        }
        return HealthCheckResult.Healthy($"{active} active silos, view version {client.View.Version}");
    }
}
