using System.Diagnostics;

namespace OrleansSearch.Orleans.Bench;

/// <summary>Closed-loop load: each worker makes its next call as soon as the previous one returns.</summary>
internal static class CallLoad
{
    /// <summary>Runs <paramref name="concurrency"/> workers for <paramref name="duration"/>; returns each call's latency in stopwatch ticks and the seconds elapsed.</summary>
    public static async Task<(List<long> Latencies, double Seconds)> RunAsync(ICallTarget target, int concurrency, TimeSpan duration)
    {
        var latencies = new List<long>[concurrency];
        long started = Stopwatch.GetTimestamp();
        long end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        // Task.Run: workers start on the thread pool, not one after another on this thread.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(16 * 1024);
            long before;
            while ((before = Stopwatch.GetTimestamp()) < end)
            {
                await target.CallAsync(worker);
                mine.Add(Stopwatch.GetTimestamp() - before);
            }
        })));
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = new List<long>(latencies.Sum(list => list.Count));
        foreach (var list in latencies)
        {
            all.AddRange(list);
        }
        return (all, seconds);
    }
}
