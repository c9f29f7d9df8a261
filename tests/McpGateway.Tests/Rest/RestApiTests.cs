using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

public sealed class RestApiFixture : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = await Factory.StartAsync();
        var created = await Client.PostJsonAsync("/v1/indexes", new
        {
            name = "books",
            shards = 3,
            fields = new object[]
            {
                new { name = "title", type = "text", boost = 2 },
                new { name = "body", type = "text" },
                new { name = "genre", type = "keyword" },
                new { name = "year", type = "number" },
                new { name = "published", type = "date" },
                new { name = "embedding", type = "vector", dimension = 3 },
            },
        });
        created.EnsureSuccessStatusCode();
        var written = await Client.PostJsonAsync("/v1/indexes/books/documents", new
        {
            documents = new object[]
            {
                Book("dune", "Dune", "A desert planet, spice and a young duke.", "scifi", 1965, "1965-08-01"),
                Book("foundation", "Foundation", "Psychohistory predicts the fall of a galactic empire.", "scifi", 1951, "1951-06-01"),
                Book("emma", "Emma", "A young woman meddles in the love lives of her friends.", "classic", 1815, "1815-12-23"),
                Book("hyperion", "Hyperion", "Pilgrims travel to the time tombs on a distant planet.", "scifi", 1989, "1989-05-26"),
                Book("persuasion", "Persuasion", "A second chance at love, years after a broken engagement.", "classic", 1817, "1817-12-20"),
            },
        });
        written.EnsureSuccessStatusCode();
    }

    private static object Book(string id, string title, string body, string genre, int year, string published)
        => new { id, fields = new { title, body, genre, year, published } };

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class RestApiTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Search_ranks_matches_with_facets_and_previews()
    {
        var response = await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "planet", top_k = 5, detail = "preview", facets = new[] { "genre" } });
        response.EnsureSuccessStatusCode();
        var body = await response.ReadJsonAsync();

        var ids = body.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).ToList();
        Assert.Equal(["dune", "hyperion"], ids.Order());
        Assert.Equal(2, body.GetProperty("total").GetInt64());
        Assert.Contains("<em>planet</em>", body.GetProperty("hits")[0].GetProperty("highlights").GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, body.GetProperty("facets").GetProperty("genre")[0].GetProperty("count").GetInt64());
        Assert.False(body.GetProperty("partial").GetBoolean());
    }

    [Fact]
    public async Task Detail_levels_shape_the_hits()
    {
        async Task<JsonElement> FirstHit(string detail)
            => (await (await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "dune", detail })).ReadJsonAsync()).GetProperty("hits")[0];

        Assert.False((await FirstHit("ids")).TryGetProperty("fields", out _));
        var metadata = (await FirstHit("metadata")).GetProperty("fields");
        Assert.True(metadata.TryGetProperty("genre", out _));
        Assert.False(metadata.TryGetProperty("body", out _));
        Assert.True((await FirstHit("full")).GetProperty("fields").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Filters_sort_and_cursors_page_through_results()
    {
        var first = await (await Client.PostJsonAsync("/v1/indexes/books/search", new
        {
            query = "love", filters = new Dictionary<string, object> { ["genre"] = "classic", ["year"] = new { gte = 1800 } }, sort = "-year", top_k = 1, detail = "metadata",
        })).ReadJsonAsync();
        Assert.Equal("persuasion", first.GetProperty("hits")[0].GetProperty("id").GetString());
        string cursor = first.GetProperty("next_cursor").GetString()!;

        var second = await (await Client.PostJsonAsync("/v1/indexes/books/search", new
        {
            query = "love", filters = new Dictionary<string, object> { ["genre"] = "classic", ["year"] = new { gte = 1800 } }, sort = "-year", top_k = 1, cursor,
        })).ReadJsonAsync();
        Assert.Equal("emma", second.GetProperty("hits")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Documents_are_read_written_versioned_and_deleted()
    {
        var put = await (await Client.PostJsonAsync("/v1/indexes/books/documents", new { documents = new[] { new { id = "temp-1", fields = new { title = "Temporary", genre = "misc" } } } })).ReadJsonAsync();
        long version = put.GetProperty("results")[0].GetProperty("version").GetInt64();

        var conflict = await (await Client.PostJsonAsync("/v1/indexes/books/documents", new { documents = new[] { new { id = "temp-1", fields = new { title = "Again" }, if_version = version + 5 } } })).ReadJsonAsync();
        Assert.Equal("version_conflict", conflict.GetProperty("results")[0].GetProperty("error").GetString());

        var stored = await (await Client.GetAsync(new Uri("/v1/indexes/books/documents/temp-1", UriKind.Relative))).ReadJsonAsync();
        Assert.Equal("Temporary", stored.GetProperty("fields").GetProperty("title").GetString());
        Assert.Equal(version, stored.GetProperty("version").GetInt64());

        var deleted = await (await Client.PostJsonAsync("/v1/indexes/books/documents/delete", new { ids = new[] { "temp-1", "never-was" } })).ReadJsonAsync();
        Assert.True(deleted.GetProperty("results")[0].GetProperty("ok").GetBoolean());
        Assert.Equal("not_found", deleted.GetProperty("results")[1].GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri("/v1/indexes/books/documents/temp-1", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Lookup_returns_everything_with_a_keyword_value_and_a_facet_summary()
    {
        var body = await (await Client.PostJsonAsync("/v1/indexes/books/lookup", new { field = "genre", value = "scifi", facets = new[] { "genre" } })).ReadJsonAsync();

        Assert.Equal(["dune", "foundation", "hyperion"], body.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).Order());
        Assert.Equal(3, body.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Indexes_are_listed_and_described_with_their_shards()
    {
        var list = await (await Client.GetAsync(new Uri("/v1/indexes", UriKind.Relative))).ReadJsonAsync();
        Assert.Contains(list.EnumerateArray(), index => index.GetProperty("name").GetString() == "books");

        var described = await (await Client.GetAsync(new Uri("/v1/indexes/books", UriKind.Relative))).ReadJsonAsync();
        Assert.Equal(3, described.GetProperty("shard_placement").GetArrayLength());
        Assert.True(described.GetProperty("documents").GetInt64() >= 5);
        Assert.All(described.GetProperty("shard_placement").EnumerateArray(), shard => Assert.Equal("embedded", shard.GetProperty("silo").GetString()));
    }

    [Fact]
    public async Task The_openapi_document_and_health_are_served()
    {
        var openApi = await (await Client.GetAsync(new Uri("/v1/openapi.json", UriKind.Relative))).ReadJsonAsync();
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/v1/indexes/{index}/search", out _));

        var ready = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (await ready.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Request_ids_are_echoed_and_appear_in_errors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/indexes/no-such-index") { Headers = { { "X-Request-Id", "req-12345" } } };
        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("req-12345", response.Headers.GetValues("X-Request-Id").Single());
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("index_not_found", error.GetProperty("code").GetString());
        Assert.Equal("req-12345", error.GetProperty("request_id").GetString());
    }

    [Theory]
    [InlineData("{\"query\": \"dune\", \"top_k\": 1000000000}", 400, "invalid_argument")]
    [InlineData("{\"query\": \"dune\", \"top_k\": \"ten\"}", 400, "invalid_request")]
    [InlineData("{\"query\": ", 400, "invalid_request")]
    [InlineData("{\"query\": \"\"}", 400, "invalid_query")]
    [InlineData("{\"query\": \"\\\"open phrase\"}", 400, "invalid_query")]
    [InlineData("{\"query\": \"title:\"}", 400, "invalid_query")]
    [InlineData("{\"query\": \"dune\", \"detail\": \"everything\"}", 400, "invalid_argument")]
    [InlineData("{\"query\": \"dune\", \"filters\": {\"nope\": \"x\"}}", 400, "invalid_argument")]
    [InlineData("{\"query\": \"dune\", \"offset\": 9995, \"top_k\": 10}", 400, "invalid_argument")]
    public async Task Bad_search_input_gets_a_clear_error_and_the_gateway_keeps_serving(string body, int status, string code)
    {
        var response = await Client.PostAsync(new Uri("/v1/indexes/books/search", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("request_id").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "dune" })).StatusCode);
    }

    [Fact]
    public async Task Invalid_utf8_is_rejected()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("{\"query\": \"du"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("ne\"}")];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        var response = await Client.PostAsync(new Uri("/v1/indexes/books/search", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_refused_and_nothing_is_written()
    {
        string huge = new('x', 10 * 1024 * 1024);
        var response = await Client.PostJsonAsync("/v1/indexes/books/documents", new { documents = new[] { new { id = "huge", fields = new { body = huge } } } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri("/v1/indexes/books/documents/huge", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Invalid_documents_are_reported_per_document_and_not_written()
    {
        var body = await (await Client.PostJsonAsync("/v1/indexes/books/documents", new
        {
            documents = new object[]
            {
                new { id = "bad-vector", fields = new { title = "Bad", embedding = new[] { 1.0, 2.0 } } },
                new { id = "bad-type", fields = new { title = "Bad", year = "nineteen" } },
                new { id = "bad-field", fields = new { title = "Bad", color = "red" } },
                new { id = "good", fields = new { title = "Good", embedding = new[] { 1.0, 2.0, 3.0 } } },
            },
        })).ReadJsonAsync();

        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("invalid_document", results[0].GetProperty("error").GetString());
        Assert.Contains("dimension 3", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_document", results[1].GetProperty("error").GetString());
        Assert.Equal("invalid_document", results[2].GetProperty("error").GetString());
        Assert.True(results[3].GetProperty("ok").GetBoolean());
        foreach (string id in (string[])["bad-vector", "bad-type", "bad-field"])
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri($"/v1/indexes/books/documents/{id}", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Unknown_indexes_and_bad_index_definitions_are_clear_errors()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostJsonAsync("/v1/indexes/missing/search", new { query = "x" })).StatusCode);

        var badName = await Client.PostJsonAsync("/v1/indexes", new { name = "Bad Name!", fields = new[] { new { name = "t", type = "text" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);

        var badType = await Client.PostJsonAsync("/v1/indexes", new { name = "oddtypes", fields = new[] { new { name = "t", type = "blob" } } });
        Assert.Equal("invalid_argument", (await badType.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());

        var changed = await Client.PostJsonAsync("/v1/indexes", new { name = "books", shards = 5, fields = new[] { new { name = "t", type = "text" } } });
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
    }
}
