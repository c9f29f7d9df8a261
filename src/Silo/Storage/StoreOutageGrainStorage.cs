using Orleans.Storage;
using OrleansSearch.Grains;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage with PostgreSQL's connection failures turned into
/// <see cref="StoreUnavailableException"/>. Without it a catalog grain that must load its state while the database is
/// out fails with Npgsql's exception, which Orleans cannot send to the gateway (no codec): the caller got a 500
/// instead of a 503 <c>store_unavailable</c> with Retry-After. The cause is logged by Orleans' provider.
/// </summary>
internal sealed class StoreOutageGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Translated(inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Translated(inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Translated(inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>The provider initializes itself in the silo lifecycle: keep that.</summary>
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    private static async Task Translated(Task operation)
    {
        try
        {
            await operation;
        }
        catch (Exception exception) when (PostgresConnectionFailures.IsOrWraps(exception))
        {
            throw new StoreUnavailableException("The grain state store cannot be reached; nothing was changed.");
        }
    }
}
