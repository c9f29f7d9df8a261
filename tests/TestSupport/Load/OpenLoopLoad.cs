using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansSearch.Tests.Support.Load;

/// <summary>
/// An open-loop load generator: each stream's request <c>n</c> is due at <c>n / rate</c> seconds after the start,
/// whether or not earlier requests have been answered, and its latency is measured from that due time. A closed
/// loop (send, wait, send) slows down with the system under test and so leaves out exactly the requests that
/// would have waited (coordinated omission); here a slow answer or a generator that wakes late only shows up as
/// latency. Requests are never retried.
/// </summary>
public sealed class OpenLoopLoad : IDisposable
{
    private readonly ConcurrentQueue<RequestOutcome> _outcomes = new();
    private readonly CancellationTokenSource _stopSending = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Task _completion;

    private OpenLoopLoad(IReadOnlyList<LoadStream> streams, TimeSpan? duration)
    {
        if (duration is { } limit)
        {
            _stopSending.CancelAfter(limit);
        }
        // Taken here, not in the dispatch tasks, so they never read the source after Dispose.
        var stop = _stopSending.Token;
        _completion = Task.WhenAll(streams.Select(stream => Task.Run(() => DispatchAsync(stream, duration, stop))));
    }

    /// <summary>Time since the run started: the clock <see cref="RequestOutcome.IntendedAt"/> uses, for marking faults.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Outcomes of the requests answered (or failed) so far.</summary>
    public IReadOnlyCollection<RequestOutcome> Outcomes => _outcomes;

    /// <summary>Starts sending now; without <paramref name="duration"/> until <see cref="StopAsync"/>.</summary>
    public static OpenLoopLoad Start(IReadOnlyList<LoadStream> streams, TimeSpan? duration = null) => new(streams, duration);

    /// <summary>Waits for the run's end (its duration) and for every request in flight; returns every outcome.</summary>
    public async Task<IReadOnlyList<RequestOutcome>> CompletionAsync()
    {
        await _completion;
        return [.. _outcomes.OrderBy(outcome => outcome.IntendedAt)];
    }

    /// <summary>Sends nothing more, waits for the requests in flight, and returns every outcome.</summary>
    public async Task<IReadOnlyList<RequestOutcome>> StopAsync()
    {
        await _stopSending.CancelAsync();
        return await CompletionAsync();
    }

    /// <summary>Releases the stop signal's timer; call after <see cref="CompletionAsync"/> or <see cref="StopAsync"/>.</summary>
    public void Dispose() => _stopSending.Dispose();

    private async Task DispatchAsync(LoadStream stream, TimeSpan? duration, CancellationToken stop)
    {
        var inFlight = new List<Task>();
        for (long n = 0; ; n++)
        {
            var intendedAt = TimeSpan.FromSeconds(n / stream.PerSecond);
            if (duration is { } limit && intendedAt >= limit)
            {
                break;
            }
            var wait = intendedAt - Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            else if (stop.IsCancellationRequested)
            {
                break;
            }
            // A late wake-up sends every request that fell due meanwhile at once, each still timed from its due time.
            long sequence = n;
            var client = stream.Clients[(int)(n % stream.Clients.Count)];
            inFlight.Add(Task.Run(() => SendAsync(stream.Operation, client, sequence, intendedAt), CancellationToken.None));
        }
        await Task.WhenAll(inFlight);
    }

    private async Task SendAsync(ILoadOperation operation, HttpClient client, long sequence, TimeSpan intendedAt)
    {
        OutcomeKind kind;
        string? failure;
        try
        {
            // Not the stop token: a request once sent is waited for (up to the client's timeout), or its outcome is unknown.
            (kind, failure) = await operation.SendAsync(client, sequence, CancellationToken.None);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or IOException)
        {
            (kind, failure) = (OutcomeKind.Failed, FailureReasons.FromException(exception));
        }
        _outcomes.Enqueue(new RequestOutcome(operation.Name, intendedAt, Elapsed - intendedAt, kind, failure));
    }
}
