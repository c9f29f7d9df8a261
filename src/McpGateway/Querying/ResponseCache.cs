using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.Runtime;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Query answers cached in cache-entry grains, keyed by index generation and normalized request. A
/// failing cache never fails a query: it is only skipped (and counted).
/// </summary>
internal sealed class ResponseCache(IGrainFactory grains, GatewayInstruments instruments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T?> TryGetAsync<T>(string key) where T : class
    {
        try
        {
            byte[]? bytes = await grains.GetGrain<ICacheEntryGrain>(key).Get();
            instruments.CacheLookup(hit: bytes is not null);
            return bytes is null ? null : JsonSerializer.Deserialize<T>(bytes, Json);
        }
        catch (Exception exception) when (exception is GrainCallFailedException or GrainCallTimeoutException or SiloUnavailableException or JsonException)
        {
            instruments.CacheLookup(hit: false);
            return null;
        }
    }

    public async Task PutAsync<T>(string key, T value, TimeSpan timeToLive)
    {
        try
        {
            await grains.GetGrain<ICacheEntryGrain>(key).Put(JsonSerializer.SerializeToUtf8Bytes(value, Json), timeToLive);
        }
        catch (Exception exception) when (exception is GrainCallFailedException or GrainCallTimeoutException or SiloUnavailableException)
        {
            // The answer is still right; only the next identical query pays again.
        }
    }
}
