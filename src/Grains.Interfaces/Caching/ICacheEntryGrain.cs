using System.Diagnostics.CodeAnalysis;
using Orleans.Concurrency;

namespace OrleansSearch.Grains;

/// <summary>
/// One cached response, keyed by index generation plus a hash of the normalized request
/// (<see cref="CacheKeys.For"/>). Holds the response for a time to live, then deactivates. Because the key
/// carries the generation, a write to the index makes every older entry unreachable.
/// </summary>
[Alias("OrleansSearch.ICacheEntryGrain")]
public interface ICacheEntryGrain : IGrainWithStringKey
{
    /// <summary>The cached response, or null when empty or expired.</summary>
    [ReadOnly]
    [Alias("Get")]
    [SuppressMessage("Naming", "CA1716", Justification = "A grain interface is implemented and called from C# only; the name is also its [Alias] on the wire.")]
    Task<Immutable<byte[]>?> Get();

    [Alias("Put")]
    Task Put(Immutable<byte[]> response, TimeSpan timeToLive);
}

/// <summary>Cache grain keys.</summary>
public static class CacheKeys
{
    /// <summary>The key of a response to <paramref name="normalizedRequest"/> on <paramref name="index"/> at <paramref name="generation"/>.</summary>
    public static string For(string index, long generation, string normalizedRequest)
    {
        ArgumentNullException.ThrowIfNull(normalizedRequest);
        ulong hash = StableHashing.Hash(normalizedRequest);
        ulong check = StableHashing.Hash(string.Concat(normalizedRequest, "\u0001"));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{index}@{generation}/{hash:x16}{check:x16}");
    }
}
