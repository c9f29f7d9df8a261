using Orleans.Concurrency;

namespace OrleansSearch.Grains.Storage;

/// <summary>
/// Pings the document store from the silo it runs on. A stateless worker: the call stays on the silo that gets it
/// (no directory lookup, no single grain every readiness probe of every gateway goes to), one activation per silo.
/// </summary>
[StatelessWorker(1)]
public sealed class StoreHealthGrain(IDocumentStore store) : Grain, IStoreHealthGrain
{
    /// <summary>Short of the gateway's 5 s readiness bound, so a hanging store is reported rather than timing the probe out.</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    public async Task<string?> Check()
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
