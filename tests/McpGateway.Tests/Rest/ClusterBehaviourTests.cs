using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>A 3-silo Orleans test cluster and a cluster-mode gateway in front of it, counting the gateway's shard calls.</summary>
public sealed class ThreeSiloFixture : IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();
    private SearchCluster _cluster = null!;

    public GatewayFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    internal ShardCallCounter ShardSearches { get; } = new("Search");
    internal ShardCallCounter ShardStatistics { get; } = new("Statistics");

    public int Silos => _cluster.Cluster.Silos.Count;

    public async Task InitializeAsync()
    {
        _cluster = await SearchCluster.StartAsync(_file, silos: 3, externalClients: true);
        Factory = GatewayFactory.ForCluster(_cluster, configureServices: services =>
        {
            services.AddSingleton<IOutgoingGrainCallFilter>(ShardSearches);
            services.AddSingleton<IOutgoingGrainCallFilter>(ShardStatistics);
        });
        Client = await Factory.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        await _cluster.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class ClusterBehaviourTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private HttpClient Client => fixture.Client;

    /// <summary>
    /// Keyword, semantic and hybrid rankings. Only the first 900 documents get a vector (seeded, 16 dimensions), so the
    /// one-shard index stays below the exact-search threshold and both layouts rank vectors exactly.
    /// </summary>
    [Fact]
    public async Task One_shard_and_eight_shards_on_three_silos_rank_identically()
    {
        var documents = SciFactSample.Documents(1500).Select((d, i) => new
        {
            id = d.Id,
            fields = i < 900
                ? (object)new { title = d.Title, text = d.Text, embedding = SeededVector(i) }
                : new { title = d.Title, text = d.Text },
        }).ToList();
        foreach (var (name, shards) in new[] { ("scifact-one", 1), ("scifact-eight", 8) })
        {
            var fields = new object[] { new { name = "title", type = "text" }, new { name = "text", type = "text" }, new { name = "embedding", type = "vector", dimension = 16 } };
            (await Client.PostJsonAsync("/v1/indexes", new { name, shards, fields })).EnsureSuccessStatusCode();
            foreach (var chunk in documents.Chunk(500))
            {
                var written = await (await Client.PostJsonAsync($"/v1/indexes/{name}/documents", new { documents = chunk })).ReadJsonAsync();
                Assert.Equal(0, written.GetProperty("failed").GetInt32());
            }
        }
        // Orleans places the 8 shards over the 3 silos (random placement for calls from a client).
        var placement = await (await Client.GetAsync(new Uri("/v1/indexes/scifact-eight", UriKind.Relative))).ReadJsonAsync();
        Assert.Equal(3, fixture.Silos);
        Assert.True(placement.GetProperty("shard_placement").EnumerateArray().Select(s => s.GetProperty("silo").GetString()).Distinct().Count() >= 2);

        int compared = 0;
        var queries = SciFactSample.Queries(40);
        for (int q = 0; q < queries.Count; q++)
        {
            string query = queries[q];
            var vector = SeededVector(100_000 + q);
            foreach (var mode in new[] { "semantic", "hybrid" })
            {
                var request = new { query, mode, vector, top_k = 20, detail = "ids", allow_partial = false };
                var oneRanked = await (await Client.PostJsonAsync("/v1/indexes/scifact-one/search", request)).ReadJsonAsync();
                var eightRanked = await (await Client.PostJsonAsync("/v1/indexes/scifact-eight/search", request)).ReadJsonAsync();
                Assert.Equal(Hits(oneRanked), Hits(eightRanked));
                Assert.Equal(20, oneRanked.GetProperty("hits").GetArrayLength());
            }
            var one = await Search("scifact-one", query);
            var eight = await Search("scifact-eight", query);
            // Totals are exact up to 1,000 matches; beyond, pruning makes them lower bounds that depend on the layout.
            if (one.GetProperty("total_is_exact").GetBoolean() && eight.GetProperty("total_is_exact").GetBoolean())
            {
                Assert.Equal(one.GetProperty("total").GetInt64(), eight.GetProperty("total").GetInt64());
            }
            Assert.Equal(Hits(one), Hits(eight));
            compared += one.GetProperty("hits").GetArrayLength();
        }
        Assert.True(compared > 100, $"only {compared} hits compared");
    }

    [Fact]
    public async Task A_repeated_query_is_answered_without_reaching_the_shards_and_a_write_invalidates_it()
    {
        (await Client.PostJsonAsync("/v1/indexes", new { name = "cached", shards = 4, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/v1/indexes/cached/documents", new { documents = new[] { new { id = "a", fields = new { body = "orleans grains everywhere" } } } })).EnsureSuccessStatusCode();
        var shardSearches = fixture.ShardSearches;
        shardSearches.Reset();

        var first = await Search("cached", "grains");
        int afterFirst = shardSearches.Count;
        var second = await Search("cached", "grains");
        int afterSecond = shardSearches.Count;

        Assert.Equal(4, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(Hits(first), Hits(second));

        (await Client.PostJsonAsync("/v1/indexes/cached/documents", new { documents = new[] { new { id = "b", fields = new { body = "more grains" } } } })).EnsureSuccessStatusCode();
        var third = await Search("cached", "grains");

        Assert.Equal(8, shardSearches.Count);
        Assert.Equal(2, third.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Phase_one_statistics_are_reused_across_pages_until_a_write()
    {
        (await Client.PostJsonAsync("/v1/indexes", new { name = "paged", shards = 3, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        var documents = Enumerable.Range(0, 30).Select(i => new { id = $"p{i}", fields = new { body = $"paging test {i}" } }).ToArray();
        (await Client.PostJsonAsync("/v1/indexes/paged/documents", new { documents })).EnsureSuccessStatusCode();
        var statisticsCalls = fixture.ShardStatistics;
        statisticsCalls.Reset();

        var first = await (await Client.PostJsonAsync("/v1/indexes/paged/search", new { query = "paging", top_k = 10, detail = "ids" })).ReadJsonAsync();
        int afterFirstPage = statisticsCalls.Count;
        var second = await (await Client.PostJsonAsync("/v1/indexes/paged/search", new { query = "paging", top_k = 10, cursor = first.GetProperty("next_cursor").GetString(), detail = "ids" })).ReadJsonAsync();

        Assert.Equal(3, afterFirstPage);
        Assert.Equal(afterFirstPage, statisticsCalls.Count);
        Assert.Empty(Hits(first).Select(h => h.Item1).Intersect(Hits(second).Select(h => h.Item1)));

        (await Client.PostJsonAsync("/v1/indexes/paged/documents", new { documents = new[] { new { id = "late", fields = new { body = "paging again" } } } })).EnsureSuccessStatusCode();
        await Client.PostJsonAsync("/v1/indexes/paged/search", new { query = "paging", top_k = 10, detail = "ids" });
        Assert.Equal(6, statisticsCalls.Count);
    }

    private async Task<JsonElement> Search(string index, string query)
    {
        var response = await Client.PostJsonAsync($"/v1/indexes/{index}/search", new { query, top_k = 10, detail = "ids", allow_partial = false });
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    private static float[] SeededVector(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    private static List<(string, double)> Hits(JsonElement result)
        => result.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("id").GetString()!, h.GetProperty("score").GetDouble())).ToList();
}
