using System.Net;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// A gateway whose model cache is empty and which may not download (an air-gapped host): semantic and hybrid
/// searches and documents that need embedding fail clearly, and everything else keeps working.
/// </summary>
public sealed class EmbeddingUnavailableTests : IAsyncLifetime
{
    private readonly DirectoryInfo _emptyCache = Directory.CreateTempSubdirectory("os-empty-model-cache-");
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Embeddings:CacheDirectory"] = _emptyCache.FullName,
            ["Embeddings:AllowDownload"] = "false",
        });
        _client = await _factory.StartAsync();
        (await _client.PostJsonAsync("/v1/indexes", new
        {
            name = "notes",
            shards = 2,
            fields = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "body", type = "text" },
                new { name = "meaning", type = "vector", embed_from = new[] { "title" } },
            },
        })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        _emptyCache.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Documents_that_need_the_model_fail_one_by_one_and_nothing_of_them_is_written()
    {
        var written = await (await _client.PostJsonAsync("/v1/indexes/notes/documents", new
        {
            documents = new object[]
            {
                new { id = "titled", fields = new { title = "needs an embedding", body = "shared words" } },
                new { id = "untitled", fields = new { body = "shared words without a title" } },
            },
        })).ReadJsonAsync();

        Assert.Equal((1, 1), (written.GetProperty("succeeded").GetInt32(), written.GetProperty("failed").GetInt32()));
        var failed = written.GetProperty("results")[0];
        Assert.Equal(("titled", "embedding_unavailable"), (failed.GetProperty("id").GetString(), failed.GetProperty("error").GetString()));
        Assert.Contains("DownloadDisabled", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v1/indexes/notes/documents/titled")).StatusCode);

        var keyword = await (await _client.PostJsonAsync("/v1/indexes/notes/search", new { query = "shared words" })).ReadJsonAsync();
        Assert.Equal(["untitled"], keyword.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("semantic")]
    [InlineData("hybrid")]
    public async Task Semantic_and_hybrid_searches_get_a_503_that_says_why_and_when_to_retry(string mode)
    {
        var response = await _client.PostJsonAsync("/v1/indexes/notes/search", new { query = "anything", mode });
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("embedding_unavailable", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Keyword search works", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/v1/indexes/notes/search", new { query = "anything" })).StatusCode);
    }
}
