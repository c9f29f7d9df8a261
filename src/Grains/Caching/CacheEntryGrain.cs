using OrleansSearch.Runtime;

namespace OrleansSearch.Grains.Caching;

/// <summary>
/// A cached response in memory (never persisted: losing it costs one recomputation). It deactivates when
/// its time to live ends, and an idle entry is collected after its collection age.
/// </summary>
[CollectionAge(300)]
public sealed class CacheEntryGrain(TimeProvider time) : Grain, ICacheEntryGrain
{
    private byte[]? _response;
    private DateTimeOffset _expires;
    private IDisposable? _expiry;

    public Task<byte[]?> Get() => Task.FromResult(_response is not null && time.GetUtcNow() < _expires ? _response : null);

    public Task Put(byte[] response, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (timeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "A cache entry's time to live must be positive.");
        }
        _response = response;
        _expires = time.GetUtcNow() + timeToLive;
        _expiry?.Dispose();
        _expiry = RegisterTimer(_ =>
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }, timeToLive, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }
}
