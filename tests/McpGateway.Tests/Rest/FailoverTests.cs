using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using OrleansSearch.Tests.Support;
using Xunit.Abstractions;

namespace OrleansSearch.McpGateway.Tests.Rest;

public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_a_silo_during_queries_and_writes_loses_no_acknowledged_write_and_full_results_return()
    {
        using var file = new SqliteTestFile();
        await using var cluster = await SearchCluster.StartAsync(file, silos: 3, externalClients: true);
        using var factory = GatewayFactory.ForCluster(cluster, new Dictionary<string, string?>
        {
            ["Limits:ShardTimeout"] = "00:00:01",
            // The check reads every acknowledged document back: more requests than the default local plan allows.
            ["Auth:AnonymousPlan:Capacity"] = "100000",
            ["Auth:AnonymousPlan:PerSecond"] = "100000",
        });
        var client = await factory.StartAsync();
        (await client.PostJsonAsync("/v1/indexes", new { name = "stream", shards = 6, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();

        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        int next = 0;
        var writers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                string id = $"doc-{Interlocked.Increment(ref next)}";
                try
                {
                    var response = await client.PostJsonAsync("/v1/indexes/stream/documents", new { documents = new[] { new { id, fields = new { body = "failover test document" } } } });
                    if (response.StatusCode == HttpStatusCode.OK && (await response.ReadJsonAsync()).GetProperty("results")[0].GetProperty("ok").GetBoolean())
                    {
                        acknowledged.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not acknowledged: it may or may not be there, and the test does not count it.
                }
            }
        }).ToArray();
        var readers = Enumerable.Range(0, 2).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                await client.PostJsonAsync("/v1/indexes/stream/search", new { query = "failover", top_k = 5, detail = "ids" });
            }
        }).ToArray();

        await WaitForAsync(() => acknowledged.Count >= 20, "20 acknowledged writes before the kill");
        // Not the primary silo: TestingHost keeps its membership table there.
        var victim = cluster.Cluster.Silos[1];
        await cluster.Cluster.KillSiloAsync(victim);
        var clock = Stopwatch.StartNew();
        int atKill = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= atKill + 20, "20 more acknowledged writes after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(writers.Concat(readers));

        // After the failover window: full (not partial) results that hold every acknowledged write.
        TimeSpan recovered = TimeSpan.Zero;
        while (true)
        {
            var response = await client.PostJsonAsync("/v1/indexes/stream/search", new { query = "failover", top_k = 1, detail = "ids", allow_partial = false });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.ReadJsonAsync();
                if (!body.GetProperty("partial").GetBoolean() && body.GetProperty("total").GetInt64() >= acknowledged.Count)
                {
                    recovered = clock.Elapsed;
                    break;
                }
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "queries did not return to full results within 30 s of the kill");
            await Task.Delay(200);
        }
        foreach (string id in acknowledged)
        {
            var document = await client.GetAsync(new Uri($"/v1/indexes/stream/documents/{id}", UriKind.Relative));
            Assert.True(document.StatusCode == HttpStatusCode.OK, $"acknowledged write {id} is missing: {(int)document.StatusCode} {await document.Content.ReadAsStringAsync()}");
        }
        output.WriteLine($"{acknowledged.Count} acknowledged writes, all found; full results again {recovered.TotalSeconds:0.0} s after the kill");
    }

    /// <summary>Waits for a condition with a generous deadline (the machine may be loaded), never for a fixed time.</summary>
    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
