using System.Text.Json;
using Orleans.Concurrency;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Query answers cached in cache-entry grains, keyed by index generation and normalized request. A
/// failing cache (a silo gone, a store down, an entry that no longer deserializes) never fails a query: it
/// is only skipped (and counted).
/// </summary>
internal sealed class ResponseCache(IGrainFactory grains, GatewayInstruments instruments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T?> TryGetAsync<T>(string key) where T : class
    {
        try
        {
            var bytes = await grains.GetGrain<ICacheEntryGrain>(key).Get();
            instruments.CacheLookup(hit: bytes is not null);
            return bytes is { } cached ? JsonSerializer.Deserialize<T>(cached.Value, Json) : null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            instruments.CacheLookup(hit: false);
            return null;
        }
    }

    public async Task PutAsync<T>(string key, T value, TimeSpan timeToLive)
    {
        try
        {
            await grains.GetGrain<ICacheEntryGrain>(key).Put(new Immutable<byte[]>(JsonSerializer.SerializeToUtf8Bytes(value, Json)), timeToLive);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer is still right; only the next identical query pays again.
        }
    }
}
