using Orleans.Concurrency;
using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Grains.Health;

/// <summary>
/// Answers a readiness probe from the silo it runs on. A stateless worker: the call stays on the silo that gets it
/// (no directory lookup, no single grain every gateway's probe goes to), one activation per silo.
/// </summary>
[StatelessWorker(1)]
public sealed class ClusterHealthGrain(IClusterMembershipService membership, IDocumentStore store) : Grain, IClusterHealthGrain
{
    /// <summary>Short of a gateway's 5 s readiness bound, so a hanging store is reported rather than timing the probe out.</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    public async Task<ClusterHealth> Check()
    {
        int active = membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        return new ClusterHealth(active, await StoreProblemAsync());
    }

    private async Task<string?> StoreProblemAsync()
    {
        using var timeout = new CancellationTokenSource(PingTimeout);
        try
        {
            await store.PingAsync(timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"the document store did not answer within {PingTimeout.TotalSeconds:0} s";
        }
        catch (StoreUnavailableException)
        {
            return "the document store cannot be reached";
        }
    }
}
