using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary><c>Limits:CacheResponses</c>: on (the default), a repeated search is answered from the cache; off, it reaches every shard again.</summary>
public sealed class ResponseCacheSettingTests
{
    private const int Shards = 3;

    [Theory]
    [InlineData("true", Shards)]
    [InlineData("false", 2 * Shards)]
    public async Task A_repeated_search_reaches_the_shards_again_only_with_the_response_cache_off(string cacheResponses, int expectedShardSearches)
    {
        var shardSearches = new ShardCallCounter("Search");
        using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Limits:CacheResponses"] = cacheResponses }, services => services.AddSingleton<IOutgoingGrainCallFilter>(shardSearches));
        var client = await factory.StartAsync();
        (await client.PostJsonAsync("/v1/indexes", new { name = "repeated", shards = Shards, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync("/v1/indexes/repeated/documents", new { documents = new[] { new { id = "a", fields = new { body = "the same question twice" } } } })).EnsureSuccessStatusCode();
        shardSearches.Reset();

        var first = await SearchAsync(client);
        var second = await SearchAsync(client);

        Assert.Equal(expectedShardSearches, shardSearches.Count);
        Assert.Equal(["a"], Ids(first));
        Assert.Equal(Ids(first), Ids(second));
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client)
    {
        var response = await client.PostJsonAsync("/v1/indexes/repeated/search", new { query = "question", detail = "ids", allow_partial = false });
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    private static List<string> Ids(JsonElement result) => [.. result.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()!)];
}
