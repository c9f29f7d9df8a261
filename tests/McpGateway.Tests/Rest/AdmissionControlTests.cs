using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSearch.McpGateway.Querying;
using Xunit.Abstractions;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 9, overload: a gateway serves at most Limits:MaxConcurrentRequests at once, queues at most
/// Limits:MaxQueuedRequests, and refuses the rest at once with 503 overloaded and Retry-After — the error envelope on
/// REST, a JSON-RPC error on /mcp — while probes and metrics are still served. Requests are held open by holding
/// their rate-limit bucket call in the silo (the fake clock never lets the bucket timeout fire), so nothing is timed.
/// </summary>
public sealed class AdmissionControlTests(ITestOutputHelper output)
{
    private const string Key = "admission-key-5b2e9d";

    [Fact]
    public async Task Beyond_the_running_and_queued_limit_requests_get_503_overloaded_at_once_and_admitted_ones_complete()
    {
        var gate = new BucketCallGate(open: false);
        using var factory = gate.CreateGateway(Key, new ManualTimeProvider(), new Dictionary<string, string?>
        {
            ["Limits:MaxConcurrentRequests"] = "1",
            ["Limits:MaxQueuedRequests"] = "1",
        });
        var client = await factory.StartAsync();
        using var overloaded = new InstrumentRecorder(factory, GatewayInstrumentNames.Overloaded);

        var running = client.SendAsync(ListIndexes());
        await gate.WaitUntilHeldAsync(1);
        var queued = client.SendAsync(ListIndexes());
        await Eventually.TrueAsync(() => QueuedRequests(factory) == 1, "the second request waits in the admission queue");

        var clock = Stopwatch.StartNew();
        using var refused = await client.SendAsync(ListIndexes("overload-rest-1")).WaitAsync(Eventually.Deadline);
        // Reported, not asserted (a loaded machine decides it): the refusal costs no wait for a slot.
        output.WriteLine($"refused in {clock.Elapsed.TotalMilliseconds:0.0} ms while the admitted requests were held");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("overload-rest-1", refused.Headers.GetValues("X-Request-Id").Single());
        var error = (await refused.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("overloaded", error.GetProperty("code").GetString());
        Assert.Equal("overload-rest-1", error.GetProperty("request_id").GetString());
        Assert.Equal(1, error.GetProperty("retry_after_seconds").GetDouble());

        using var mcp = await client.SendAsync(McpToolsList()).WaitAsync(Eventually.Deadline);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mcp.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), mcp.Headers.RetryAfter?.Delta);
        var rpc = await mcp.ReadJsonAsync();
        Assert.Equal("2.0", rpc.GetProperty("jsonrpc").GetString());
        Assert.Equal(-32000, rpc.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("overloaded", rpc.GetProperty("error").GetProperty("data").GetProperty("code").GetString());
        Assert.Equal(mcp.Headers.GetValues("X-Request-Id").Single(), rpc.GetProperty("error").GetProperty("data").GetProperty("request_id").GetString());

        // The operator's view of an overloaded gateway is never refused, and shows the refusals.
        foreach (string path in (string[])["/health/live", "/health/ready", "/metrics"])
        {
            using var probe = await client.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(Eventually.Deadline);
            Assert.True(probe.StatusCode == HttpStatusCode.OK, $"{path}: HTTP {(int)probe.StatusCode}");
            if (path == "/metrics")
            {
                Assert.Contains("orleanssearch_gateway_overloaded_total{", await probe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // Refused while the admitted ones were still running: at once, not after a wait.
        Assert.False(running.IsCompleted || queued.IsCompleted);
        Assert.Equal(1, overloaded.Total("api", "rest"));
        Assert.Equal(1, overloaded.Total("api", "mcp"));

        gate.Open();
        using var first = await running.WaitAsync(Eventually.Deadline);
        using var second = await queued.WaitAsync(Eventually.Deadline);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, QueuedRequests(factory));
        Assert.Empty(factory.Logs.AtLeast(LogLevel.Error));
    }

    private static HttpRequestMessage ListIndexes(string? requestId = null) => BucketCallGate.ListIndexes(Key, requestId);

    private static HttpRequestMessage McpToolsList()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new("Bearer", Key);
        return request;
    }

    private static long QueuedRequests(GatewayFactory factory)
    {
        var limiter = factory.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var work = new DefaultHttpContext();
        work.Request.Method = "GET";
        work.Request.Path = "/v1/indexes";
        return limiter.GetStatistics(work)?.CurrentQueuedCount ?? 0;
    }
}
