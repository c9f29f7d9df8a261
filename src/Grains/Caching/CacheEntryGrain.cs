using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace OrleansSearch.Grains.Caching;

/// <summary>A cached response and when it stops being served.</summary>
public sealed class CacheEntryState
{
    public byte[]? Response { get; set; }
    public DateTimeOffset Expires { get; set; }
}

/// <summary>
/// A cached response. Its state is in the volatile store (memory by default, Redis when configured, so
/// entries outlive a silo): losing it costs one recomputation. Expiry is decided by the injected clock on
/// every read; a timer clears the entry and deactivates the grain once the time to live has passed, and an
/// idle entry is collected after its collection age.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class CacheEntryGrain([PersistentState("entry", StorageNames.Volatile)] IPersistentState<CacheEntryState> entry, [FromKeyedServices(SearchClock.Key)] TimeProvider time) : Grain, ICacheEntryGrain
{
    private IGrainTimer? _expiry;

    public Task<Immutable<byte[]>?> Get()
        => Task.FromResult<Immutable<byte[]>?>(entry.State.Response is { } response && time.GetUtcNow() < entry.State.Expires ? new Immutable<byte[]>(response) : null);

    public async Task Put(Immutable<byte[]> response, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(response.Value);
        if (timeToLive <= TimeSpan.Zero)
        {
            throw new InvalidArgumentException($"A cache entry's time to live must be positive; got {timeToLive}.");
        }
        entry.State.Response = response.Value;
        entry.State.Expires = time.GetUtcNow() + timeToLive;
        await entry.WriteStateAsync();
        _expiry?.Dispose();
        _expiry = this.RegisterGrainTimer(ExpireAsync, new GrainTimerCreationOptions(timeToLive, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < entry.State.Expires)
        {
            return;
        }
        await entry.ClearStateAsync(cancellationToken);
        this.DeactivateOnIdle();
    }
}
