using System.Net;
using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;
using OrleansSearch.McpGateway.Tests.Mcp;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// What clients are told while the document store is out: a write that stored nothing is a 503 <c>store_unavailable</c>
/// with Retry-After (REST) or a tool error with the same code (MCP); a write whose commit answer was lost is a 503
/// <c>write_outcome_unknown</c>, never a failure; a store out for one shard fails only that shard's documents; searches
/// are served and readiness is Degraded, not Unhealthy.
/// </summary>
public sealed class StoreOutageResponseTests : IAsyncLifetime
{
    private const string Index = "outage";
    private const int Shards = 2;

    private readonly SqliteTestFile _file = new();
    private SimulatedOutageStore _store = null!;
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _store = new SimulatedOutageStore(new SqlDocumentStore(SqlDialect.Sqlite(_file.ConnectionString)));
        _factory = new GatewayFactory(configureServices: services => services.AddSingleton<IDocumentStore>(_store));
        _client = await _factory.StartAsync();
        (await _client.PostJsonAsync("/v1/indexes", new { name = Index, shards = Shards, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        await WriteAsync(OnShard(0, "before"));
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task While_the_store_is_unreachable_writes_are_503_store_unavailable_over_rest_and_mcp_searches_are_served_and_readiness_is_degraded()
    {
        _store.Failure = SimulatedStoreFailure.Unreachable;

        using var refused = await WriteAsync(OnShard(0, "during"), OnShard(1, "during"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("store_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(5, error.GetProperty("retry_after_seconds").GetDouble());

        using var call = await _client.SendAsync(McpHttp.Post(McpHttp.Request(1, "tools/call", new
        {
            name = "index_documents",
            arguments = new { index = Index, documents = new[] { new { id = OnShard(1, "mcp"), fields = new { body = "outage text" } } } },
        })));
        var toolError = McpHttp.ToolErrorBody((await McpHttp.ReadResponseAsync(call))["result"]!);
        Assert.Equal("store_unavailable", (string?)toolError["code"]);
        Assert.Equal(5, (double?)toolError["retry_after_seconds"]);

        using var search = await _client.PostJsonAsync($"/v1/indexes/{Index}/search", new { query = "outage", allow_partial = false });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(1, (await search.ReadJsonAsync()).GetProperty("total").GetInt64());
        Assert.Equal(("Degraded", HttpStatusCode.OK), await ReadinessAsync());
        // Refusals the store's fault are warnings, not errors: nothing is broken on our side.
        Assert.DoesNotContain(_factory.Logs.AtLeast(Microsoft.Extensions.Logging.LogLevel.Error), line => line.Contains("store_unavailable", StringComparison.Ordinal));

        _store.Failure = SimulatedStoreFailure.None;
        using var back = await WriteAsync(OnShard(0, "during"), OnShard(1, "during"));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(("Healthy", HttpStatusCode.OK), await ReadinessAsync());
    }

    [Fact]
    public async Task A_store_out_for_one_shard_fails_only_that_shards_documents_and_reports_the_others_stored()
    {
        _store.Shard = 1;
        _store.Failure = SimulatedStoreFailure.Unreachable;
        string stored = OnShard(0, "partial"), refused = OnShard(1, "partial");

        using var response = await WriteAsync(stored, refused);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.True(results[stored].GetProperty("ok").GetBoolean());
        Assert.False(results[refused].GetProperty("ok").GetBoolean());
        Assert.Equal("store_unavailable", results[refused].GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri($"/v1/indexes/{Index}/documents/{stored}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_write_whose_commit_answer_was_lost_is_503_write_outcome_unknown_and_a_read_by_id_finds_it_stored()
    {
        _store.Failure = SimulatedStoreFailure.CommitAnswerLost;
        string id = OnShard(1, "lost");

        using var response = await WriteAsync(id);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("write_outcome_unknown", error.GetProperty("code").GetString());
        Assert.Contains("by id", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        _store.Failure = SimulatedStoreFailure.None;
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri($"/v1/indexes/{Index}/documents/{id}", UriKind.Relative))).StatusCode);
    }

    private Task<HttpResponseMessage> WriteAsync(params string[] ids) =>
        _client.PostJsonAsync($"/v1/indexes/{Index}/documents", new { documents = ids.Select(id => new { id, fields = new { body = "outage text" } }) });

    private async Task<(string Status, HttpStatusCode Code)> ReadinessAsync()
    {
        using var response = await _client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return ((await response.ReadJsonAsync()).GetProperty("status").GetString()!, response.StatusCode);
    }

    /// <summary>The first id <c>{prefix}-N</c> that lives on <paramref name="shard"/>.</summary>
    private static string OnShard(int shard, string prefix) =>
        Enumerable.Range(0, 1000).Select(n => $"{prefix}-{n}").First(id => ShardKeys.ShardOf(id, Shards) == shard);
}
