using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.Tests.Support;
using Xunit.Abstractions;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// What shard replicas and gateway-side index descriptions buy a client: a silo killed under queries fails none of
/// them and makes none partial, and a write through one gateway is visible through another at once.
/// </summary>
public sealed class ReplicaTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Limits:ShardTimeout"] = "00:00:10",
        ["Auth:AnonymousPlan:Capacity"] = "100000",
        ["Auth:AnonymousPlan:PerSecond"] = "100000",
        ["Limits:CacheResponses"] = "false",
    };

    [Fact]
    public async Task With_a_replica_of_every_shard_killing_a_silo_fails_no_search_and_makes_none_partial()
    {
        using var file = new SqliteTestFile();
        await using var cluster = await SearchCluster.StartAsync(file, silos: 3, externalClients: true);
        using var factory = GatewayFactory.ForCluster(cluster, Settings);
        var client = await factory.StartAsync();
        var created = await client.PostJsonAsync("/v1/indexes", new { name = "kept", shards = 4, fields = new[] { new { name = "body", type = "text" } } });
        Assert.Equal(1, (await created.ReadJsonAsync()).GetProperty("replicas").GetInt32());
        var documents = Enumerable.Range(0, 200).Select(i => new { id = $"d{i}", fields = new { body = $"replicated document {i}" } }).ToArray();
        (await client.PostJsonAsync("/v1/indexes/kept/documents", new { documents })).EnsureSuccessStatusCode();
        await UntilEveryCopyHoldsAsync(client, "kept", 200);

        var failures = new ConcurrentBag<string>();
        int searches = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await client.PostJsonAsync("/v1/indexes/kept/search", new { query = "replicated", top_k = 5, detail = "ids", allow_partial = true });
                var body = await response.Content.ReadAsStringAsync();
                Interlocked.Increment(ref searches);
                if (response.StatusCode != HttpStatusCode.OK || body.Contains("\"partial\":true", StringComparison.Ordinal) || !body.Contains("\"total\":200", StringComparison.Ordinal))
                {
                    failures.Add($"{(int)response.StatusCode} {body}");
                }
            }
        }).ToArray();

        await UntilAsync(() => Volatile.Read(ref searches) >= 30, "30 searches before the kill");
        // Not the primary silo: TestingHost keeps its membership table there.
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[1]);
        int atKill = Volatile.Read(ref searches);
        await UntilAsync(() => Volatile.Read(ref searches) >= atKill + 200, "200 searches after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        output.WriteLine($"{searches} searches, {failures.Count} failed or partial");
        foreach (string failure in failures.Take(5))
        {
            output.WriteLine(failure);
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_write_through_one_gateway_is_seen_at_once_through_another_that_keeps_the_index_description()
    {
        using var file = new SqliteTestFile();
        await using var cluster = await SearchCluster.StartAsync(file, silos: 2, externalClients: true);
        // The second gateway would not refresh its description for an hour: only the catalog's notice can tell it.
        var cached = new Dictionary<string, string?>(Settings) { ["Limits:CacheResponses"] = "true", ["Limits:IndexRefreshInterval"] = "01:00:00" };
        using var writerGateway = GatewayFactory.ForCluster(cluster, Settings);
        using var readerGateway = GatewayFactory.ForCluster(cluster, cached);
        var writer = await writerGateway.StartAsync();
        var reader = await readerGateway.StartAsync();
        (await writer.PostJsonAsync("/v1/indexes", new { name = "news", shards = 2, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        (await writer.PostJsonAsync("/v1/indexes/news/documents", new { documents = new[] { new { id = "a", fields = new { body = "first story" } } } })).EnsureSuccessStatusCode();
        Assert.Equal(1, await TotalAsync(reader, "story"));
        Assert.Equal(1, await TotalAsync(reader, "story")); // now from the reader's response cache

        (await writer.PostJsonAsync("/v1/indexes/news/documents", new { documents = new[] { new { id = "b", fields = new { body = "second story" } } } })).EnsureSuccessStatusCode();

        // Condition wait: the notice is one-way and arrives within milliseconds, but on a loaded machine it may take longer.
        await UntilAsync(async () => await TotalAsync(reader, "story") == 2, "the reader gateway sees the second story");
        (await writer.DeleteAsync(new Uri("/v1/indexes/news", UriKind.Relative))).EnsureSuccessStatusCode();
        await UntilAsync(async () => (await reader.PostJsonAsync("/v1/indexes/news/search", new { query = "story" })).StatusCode == HttpStatusCode.NotFound, "the reader gateway learns the index is gone");
    }

    [Fact]
    public async Task A_gateway_is_ready_only_once_every_copy_of_every_shard_answered()
    {
        using var file = new SqliteTestFile();
        await using var cluster = await SearchCluster.StartAsync(file, silos: 2, externalClients: true);
        using (var first = GatewayFactory.ForCluster(cluster, Settings))
        {
            var client = await first.StartAsync();
            (await client.PostJsonAsync("/v1/indexes", new { name = "warm", shards = 3, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        }
        using var second = GatewayFactory.ForCluster(cluster, Settings);
        var fresh = await second.StartAsync();
        await UntilAsync(async () => (await fresh.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "the second gateway is ready");
        var warmup = second.Services.GetRequiredService<ShardWarmup>();
        var report = await warmup.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal("6 shard copies answered", report.Description);
    }

    private static async Task<long> TotalAsync(HttpClient client, string query)
    {
        var response = await client.PostJsonAsync("/v1/indexes/news/search", new { query, detail = "ids" });
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("total").GetInt64();
    }

    private static async Task UntilEveryCopyHoldsAsync(HttpClient client, string index, int documents)
    {
        await UntilAsync(async () =>
        {
            var described = await (await client.GetAsync(new Uri($"/v1/indexes/{index}", UriKind.Relative))).ReadJsonAsync();
            var placement = described.GetProperty("shard_placement").EnumerateArray().ToList();
            return placement.Count == 8 && placement.Where(p => p.GetProperty("copy").GetInt32() == 1).Sum(p => p.GetProperty("documents").GetInt32()) == documents;
        }, "every follower holds the documents");
    }

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"timed out waiting until {what}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
