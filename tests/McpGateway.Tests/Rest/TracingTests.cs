using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 10, traces: one REST search is one trace, from ASP.NET Core's span of the HTTP request through Orleans'
/// spans of every shard's grain call; a write's trace reaches the document store's spans (ours). The embedded
/// gateway co-hosts its silo, so every span is seen by a listener in this process.
/// </summary>
public sealed class TracingTests(ITestOutputHelper output)
{
    private static readonly string[] Sources = ["Microsoft.AspNetCore", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "OrleansSearch.Grains"];

    [Fact]
    public async Task A_search_is_one_trace_from_the_http_request_through_every_shard_call_and_a_write_reaches_the_store()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var factory = new GatewayFactory();
        var client = await factory.StartAsync();
        (await client.PostJsonAsync("/v1/indexes", new { name = "traced", shards = 3, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync("/v1/indexes/traced/documents", new
        {
            documents = Enumerable.Range(0, 6).Select(i => new { id = $"doc-{i}", fields = new { body = $"lantern number {i}" } }).ToArray(),
        })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync("/v1/indexes/traced/search", new { query = "lantern", top_k = 3, detail = "ids" })).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var all = stopped.ToList();
        var requests = all.Where(a => a.Source.Name == "Microsoft.AspNetCore").ToList();
        foreach (var activity in all.Where(a => a.Source.Name != "Microsoft.AspNetCore").GroupBy(a => (a.Source.Name, a.DisplayName)).Take(40))
        {
            output.WriteLine($"{activity.Key.Name}: {activity.Key.DisplayName} x{activity.Count()}");
        }

        var search = SingleRequest(requests, "POST", "/v1/indexes/traced/search");
        var searchTrace = all.Where(a => a.TraceId == search.TraceId).ToList();
        var shardCalls = searchTrace.Where(a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.DisplayName.Contains("IShardGrain", StringComparison.Ordinal)).ToList();
        output.WriteLine($"search trace {search.TraceId}: {searchTrace.Count} spans, {shardCalls.Count} shard grain call spans");
        Assert.True(shardCalls.Count >= 3, $"The search's trace has {shardCalls.Count} shard grain call spans: {string.Join(", ", searchTrace.Select(a => a.DisplayName))}");
        // Connected: each shard call's parent chain leads to the HTTP request's span.
        var bySpan = all.GroupBy(a => a.SpanId).ToDictionary(g => g.Key, g => g.First());
        foreach (var call in shardCalls)
        {
            Assert.True(LeadsTo(call, search, bySpan), $"{call.DisplayName} ({call.SpanId}) does not descend from the request span {search.SpanId}");
        }

        var write = SingleRequest(requests, "POST", "/v1/indexes/traced/documents");
        var storeWrites = all.Where(a => a.TraceId == write.TraceId && a.Source.Name == "OrleansSearch.Grains" && a.DisplayName == "store write").ToList();
        Assert.True(storeWrites.Count >= 1, $"The write's trace has no store write span: {string.Join(", ", all.Where(a => a.TraceId == write.TraceId).Select(a => a.DisplayName))}");
        Assert.All(storeWrites, span => Assert.True(LeadsTo(span, write, bySpan), $"store write {span.SpanId} does not descend from the request span"));
    }

    private static Activity SingleRequest(List<Activity> requests, string method, string path)
    {
        var matching = requests.Where(a => Tag(a, "http.request.method") == method && Tag(a, "url.path") == path).ToList();
        Assert.True(matching.Count == 1, $"{matching.Count} request spans for {method} {path} among: "
            + string.Join("; ", requests.Select(a => $"{a.DisplayName} [{string.Join(", ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}]")));
        return matching[0];
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name)?.ToString();

    private static bool LeadsTo(Activity span, Activity root, Dictionary<ActivitySpanId, Activity> bySpan)
    {
        for (var current = span; current is not null; current = bySpan.GetValueOrDefault(current.ParentSpanId))
        {
            if (current.SpanId == root.SpanId)
            {
                return true;
            }
            if (current.ParentSpanId == default)
            {
                return false;
            }
        }
        return false;
    }
}
