using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Silo.Hosting;

/// <summary>Ready when this silo is Active in the cluster's membership and its document store answers.</summary>
internal sealed class SiloReadinessCheck(ILocalSiloDetails local, IClusterMembershipService membership, IDocumentStore documents) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"silo is {status}");
        }
        try
        {
            await documents.PingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the document store does not answer", exception);
        }
        int active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        return HealthCheckResult.Healthy($"{active} active silos, membership version {snapshot.Version.Value}");
    }
}
