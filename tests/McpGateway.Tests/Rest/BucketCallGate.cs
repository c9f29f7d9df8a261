using System.Collections.Concurrent;
using OrleansSearch.Grains;

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

    /// <summary>Waits (under a deadline, not a fixed sleep) until <paramref name="count"/> calls are held.</summary>
    public Task WaitUntilHeldAsync(int count) => Eventually.TrueAsync(() => Held >= count, $"{count} bucket call(s) held");
}
