using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Ready when this silo is Active in the cluster's membership; Degraded (still ready: HTTP 200) while its document
/// store does not answer, because the shards it hosts keep serving searches from memory and only writes are
/// refused (503 <c>store_unavailable</c>). Unhealthy would take a silo that still serves out of rotation.
/// </summary>
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
        int active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        try
        {
            await documents.PingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"{active} active silos; the document store does not answer: searches are served, writes are refused", exception);
        }
        return HealthCheckResult.Healthy($"{active} active silos, membership version {snapshot.Version.Value}");
    }
}
