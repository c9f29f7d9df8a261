using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace OrleansSearch.Cluster.Tests.Failover;

/// <summary>
/// Issue 9, store outages: PostgreSQL stopped for 10 s under a silo process whose shards are loaded. Searches keep
/// answering in full from memory; writes answer 503 <c>store_unavailable</c> with Retry-After over REST and as an MCP
/// tool error, never 500 (also when an index's catalog entry must be loaded from the store); readiness of silo and gateway is Degraded (still 200), not Unhealthy; once PostgreSQL is
/// started again on the same data, the very next write succeeds with nothing restarted, and no acknowledged write is
/// lost.
/// </summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    private const string Index = "outage";
    private const int Shards = 2;
    private const int DocumentsBefore = 10;

    /// <summary>The issue's scenario: the store down this long while clients search and write.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReadinessDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task With_PostgreSQL_down_searches_are_served_writes_are_503_store_unavailable_and_the_next_write_after_it_is_back_succeeds()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions { Silos = 1 });
        using var http = cluster.CreateGatewayClient();
        var silo = cluster.Silos[0];
        var gateway = cluster.Gateway!;
        await GatewayApi.CreateIndexAsync(http, Index, Shards);
        var acknowledged = new List<string>();
        for (int i = 0; i < DocumentsBefore; i++)
        {
            await AcknowledgedWriteAsync(http, $"before-{i}", acknowledged);
        }
        // A full answer: every shard is active, its index in memory.
        Assert.Equal(DocumentsBefore, await FullSearchTotalAsync(http));

        await cluster.Postgres.StopAsync();
        var outage = Stopwatch.StartNew();
        output.WriteLine("PostgreSQL stopped");

        // Over REST: 503 store_unavailable with Retry-After, and the same in the body.
        using (var refused = await GatewayApi.WriteAsync(http, Index, "during-rest"))
        {
            string body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"HTTP {(int)refused.StatusCode} {body}\n{cluster.LogTails()}");
            var error = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("error");
            Assert.Equal("store_unavailable", error.GetProperty("code").GetString());
            Assert.True(error.GetProperty("retry_after_seconds").GetDouble() > 0, body);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After header");
        }

        // Over MCP: a tool error with the same code and retry hint.
        var result = await GatewayApi.CallToolAsync(http, "index_documents",
            new { index = Index, documents = new[] { new { id = "during-mcp", fields = new { body = $"{GatewayApi.CommonWord} during" } } } });
        Assert.True(result.GetProperty("isError").GetBoolean(), result.ToString());
        var toolError = JsonSerializer.Deserialize<JsonElement>(result.GetProperty("content")[0].GetProperty("text").GetString()!);
        Assert.Equal("store_unavailable", toolError.GetProperty("code").GetString());
        Assert.True(toolError.GetProperty("retry_after_seconds").GetDouble() > 0, toolError.ToString());

        // An index whose catalog entry is not active anywhere must load it from the store: 503, never a 500.
        using (var unknown = await GatewayApi.SearchAllAsync(http, "not-loaded", allowPartial: false))
        {
            string body = await unknown.Content.ReadAsStringAsync();
            Assert.True(unknown.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("\"store_unavailable\"", StringComparison.Ordinal),
                $"search of an index not loaded: HTTP {(int)unknown.StatusCode} {body}\n{cluster.LogTails()}");
        }

        // Readiness: Degraded, still 200, on both processes.
        await WaitForReadinessAsync(gateway, "Degraded");
        await WaitForReadinessAsync(silo, "Degraded");

        // The rest of the outage under searches and writes: every search full, every write a 503 store_unavailable.
        int searches = 0, refusedWrites = 0;
        var unexpected = new List<string>();
        while (outage.Elapsed < Outage)
        {
            long total = await FullSearchTotalAsync(http);
            searches++;
            if (total != DocumentsBefore)
            {
                unexpected.Add($"search total {total}, expected {DocumentsBefore}");
            }
            using var write = await GatewayApi.WriteAsync(http, Index, $"during-{refusedWrites}");
            string body = await write.Content.ReadAsStringAsync();
            if (write.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("\"store_unavailable\"", StringComparison.Ordinal))
            {
                refusedWrites++;
            }
            else
            {
                unexpected.Add($"write: HTTP {(int)write.StatusCode} {body}");
            }
            await Task.Delay(Pace);
        }
        output.WriteLine($"{outage.Elapsed.TotalSeconds:0.0} s down: {searches} full searches, {refusedWrites} writes refused with store_unavailable; unexpected: {unexpected.Count}");
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Take(10)) + "\n" + cluster.LogTails());

        await cluster.Postgres.StartAgainAsync();
        output.WriteLine($"PostgreSQL started again after {outage.Elapsed.TotalSeconds:0.0} s");

        // The very next write: no retry, nothing restarted.
        await AcknowledgedWriteAsync(http, "after-restart", acknowledged);
        await WaitForReadinessAsync(gateway, "Healthy");
        await WaitForReadinessAsync(silo, "Healthy");

        var lost = await OrleansSearch.Tests.Support.Load.AcknowledgedWrites.FindLostAsync(http, Index, acknowledged, deadline: TimeSpan.FromSeconds(30));
        Assert.True(lost.Count == 0, $"Acknowledged writes not readable: {string.Join(", ", lost)}\n{cluster.LogTails()}");
        Assert.Equal(acknowledged.Count, await FullSearchTotalAsync(http));
        Assert.False(silo.HasExited || gateway.HasExited, "a process exited during the outage");
    }

    private static async Task AcknowledgedWriteAsync(HttpClient http, string id, List<string> acknowledged)
    {
        using var response = await GatewayApi.WriteAsync(http, Index, id);
        var body = await GatewayApi.EnsureAsync(response, $"write {id}");
        Assert.True(body.GetProperty("results")[0].GetProperty("ok").GetBoolean(), body.ToString());
        acknowledged.Add(id);
    }

    /// <summary>A search that must answer with every shard (<c>allow_partial: false</c>); returns its total.</summary>
    private static async Task<long> FullSearchTotalAsync(HttpClient http)
    {
        using var response = await GatewayApi.SearchAllAsync(http, Index, allowPartial: false);
        var body = await GatewayApi.EnsureAsync(response, "search");
        Assert.False(body.GetProperty("partial").GetBoolean(), body.ToString());
        return body.GetProperty("total").GetInt64();
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200 naming <paramref name="status"/>, within a deadline.</summary>
    private static async Task WaitForReadinessAsync(AppProcess process, string status)
    {
        using var client = new HttpClient { BaseAddress = process.HttpAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < ReadinessDeadline)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            string body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && OverallStatus(body) == status)
            {
                return;
            }
            last = $"HTTP {(int)response.StatusCode} {body}";
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"{process.Name} readiness not {status} within {ReadinessDeadline.TotalSeconds:0} s (last: {last})");
    }

    /// <summary>The gateway writes a JSON report (overall <c>status</c> beside each check's); a silo only the status word.</summary>
    private static string OverallStatus(string body) =>
        body.StartsWith('{') ? JsonSerializer.Deserialize<JsonElement>(body).GetProperty("status").GetString() ?? "" : body.Trim();
}
