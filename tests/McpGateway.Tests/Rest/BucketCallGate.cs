using System.Collections.Concurrent;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Security;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// A silo-side grain call filter on the rate-limiter (bucket) grains: records which bucket each call went to, and while
/// closed holds every call until <see cref="Open"/> — a bucket whose silo does not answer, without timing anything.
/// The embedded gateway co-hosts its silo, so registering it in the gateway's services puts it in the silo.
/// </summary>
public sealed class BucketCallGate : IIncomingGrainCallFilter
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public BucketCallGate(bool open)
    {
        if (open)
        {
            Open();
        }
    }

    /// <summary>The bucket keys called, in order.</summary>
    public ConcurrentQueue<string> Keys { get; } = new();

    /// <summary>Calls that reached the gate while it was closed.</summary>
    public int Held => Volatile.Read(ref _held);

    public void Open() => _opened.TrySetResult();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is IRateLimiterGrain)
        {
            Keys.Enqueue(context.TargetId.Key.ToString()!);
            if (!_opened.Task.IsCompleted)
            {
                Interlocked.Increment(ref _held);
                await _opened.Task;
            }
        }
        await context.Invoke();
    }

    /// <summary>
    /// An embedded gateway with this gate in its silo, the fake <paramref name="clock"/> as its search clock (bucket
    /// timeouts and leases), and one API key, <paramref name="key"/>, for client "client", which reads every index.
    /// </summary>
    public GatewayFactory CreateGateway(string key, ManualTimeProvider clock, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Auth:Keys:0:ClientId"] = "client",
            ["Auth:Keys:0:Sha256"] = ApiKeyEntry.HashOf(key),
            ["Auth:Keys:0:Read:0"] = "*",
        };
        return new GatewayFactory(all, services =>
        {
            services.AddKeyedSingleton<TimeProvider>(SearchClock.Key, clock);
            services.AddSingleton<IIncomingGrainCallFilter>(this);
            // A held call must stay held until the test opens the gate, however slow a loaded machine makes the test:
            // not end at Orleans' own response timeout (30 s of real time).
            services.Configure<Orleans.Configuration.SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
    }

    /// <summary>GET /v1/indexes with <paramref name="key"/>: the cheapest request that takes a rate-limit token.</summary>
    public static HttpRequestMessage ListIndexes(string key, string? requestId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/indexes");
        request.Headers.Authorization = new("Bearer", key);
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-Id", requestId);
        }
        return request;
    }

    /// <summary>Waits (under a deadline, not a fixed sleep) until <paramref name="count"/> calls are held.</summary>
    public Task WaitUntilHeldAsync(int count) => Eventually.TrueAsync(() => Held >= count, $"{count} bucket call(s) held");
}
