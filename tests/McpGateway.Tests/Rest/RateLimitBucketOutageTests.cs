using System.Net;
using Microsoft.Extensions.Logging;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.McpGateway.Security;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 9, no single grain on the hot path: a rate-limit bucket grain that does not answer holds a query for at most
/// Limits:RateLimitBucketTimeout (on the fake clock), then the client is let through for one lease (fail open),
/// counted and logged at Warning once per episode; and keyless callers have a bucket per gateway, not one for the cluster.
/// </summary>
public sealed class RateLimitBucketOutageTests
{
    private const string Key = "bucket-outage-key-7c1d4e";
    private static readonly TimeSpan BucketTimeout = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_bucket_that_does_not_answer_lets_the_client_through_after_the_timeout_for_one_lease_then_limits_resume()
    {
        var clock = new ManualTimeProvider();
        var gate = new BucketCallGate(open: false);
        using var factory = gate.CreateGateway(Key, clock, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:OrleansSearch"] = "Information",
            ["Limits:RateLimitBucketTimeout"] = "00:00:00.250",
        });
        var client = await factory.StartAsync();
        using var unavailable = new InstrumentRecorder(factory, GatewayInstrumentNames.RateLimitBucketsUnavailable);

        // The bucket does not answer: the request waits for the timeout on the fake clock, not Orleans' response timeout.
        var held = client.SendAsync(ListIndexes());
        await gate.WaitUntilHeldAsync(1);
        Assert.False(held.IsCompleted);
        using (var failedOpen = await AdvanceUntilDoneAsync(clock, held))
        {
            Assert.Equal(HttpStatusCode.OK, failedOpen.StatusCode);
        }
        Assert.Equal(1, unavailable.Total());

        // Within the open lease no bucket call is made: many requests pass with the bucket still silent.
        for (int i = 0; i < ClientRateLimiter.LeaseSize * 3; i++)
        {
            using var open = await client.SendAsync(ListIndexes()).WaitAsync(Eventually.Deadline);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }
        Assert.Equal(1, gate.Held);

        // The lease over, the bucket is asked again; still silent, it fails open again — one Warning for the episode.
        clock.Advance(ClientRateLimiter.LeaseLifetime + TimeSpan.FromMilliseconds(1));
        // (The new call queues in the bucket grain behind the held one, so the gate never sees it.)
        var again = client.SendAsync(ListIndexes());
        using (var secondEpisodeLease = await AdvanceUntilDoneAsync(clock, again))
        {
            Assert.Equal(HttpStatusCode.OK, secondEpisodeLease.StatusCode);
        }
        Assert.Equal(2, unavailable.Total());
        Assert.Single(Logged(factory, LogLevel.Warning, "did not answer within 250 ms"));

        // The bucket answers again: limits apply, and the recovery is logged.
        gate.Open();
        clock.Advance(ClientRateLimiter.LeaseLifetime + TimeSpan.FromMilliseconds(1));
        using (var limited = await client.SendAsync(ListIndexes()).WaitAsync(Eventually.Deadline))
        {
            Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        }
        Assert.Single(Logged(factory, LogLevel.Information, "answer again"));
        Assert.Equal(2, unavailable.Total());
        Assert.Empty(factory.Logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task Keyless_callers_use_a_bucket_of_this_gateway_not_one_shared_by_the_cluster()
    {
        var gate = new BucketCallGate(open: true);
        using var factory = new GatewayFactory(configureServices: services => services.AddSingleton<IIncomingGrainCallFilter>(gate));
        var client = await factory.StartAsync();

        using var response = await client.GetAsync(new Uri("/v1/indexes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string bucket = Assert.Single(gate.Keys.Distinct());
        Assert.Equal($"anonymous@{Environment.MachineName}:{Environment.ProcessId}", bucket);
    }

    /// <summary>
    /// Moves the fake clock one bucket timeout at a time until the request completes: the gateway starts its timeout
    /// just after sending the bucket call, so a single step could come before the timer exists.
    /// </summary>
    private static async Task<HttpResponseMessage> AdvanceUntilDoneAsync(ManualTimeProvider clock, Task<HttpResponseMessage> request)
    {
        var giveUp = DateTime.UtcNow + Eventually.Deadline;
        while (!request.IsCompleted && DateTime.UtcNow < giveUp)
        {
            clock.Advance(BucketTimeout);
            await Task.WhenAny(request, Task.Delay(50));
        }
        return await request.WaitAsync(TimeSpan.Zero);
    }

    private static string[] Logged(GatewayFactory factory, LogLevel level, string text)
        => [.. factory.Logs.Entries.Where(e => e.Level == level && e.Message.Contains(text, StringComparison.Ordinal)).Select(e => e.Message)];

    private static HttpRequestMessage ListIndexes() => BucketCallGate.ListIndexes(Key);
}
