using System.Diagnostics;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// Closed-loop load: a fixed number of workers, each sending its next query as soon as the previous one is answered,
/// cycling through the workload from its own starting point.
/// </summary>
internal static class LoadGenerator
{
    public static async Task RunAsync(ISearchTarget target, int concurrency, TimeSpan duration, int queryCount, PointSamples? samples)
    {
        var latencies = new List<long>[concurrency];
        var errors = new long[concurrency];
        long started = Stopwatch.GetTimestamp();
        long end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        // Task.Run: the engine answers synchronously, so a worker would otherwise never yield to the others.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(4096);
            for (int query = worker * queryCount / concurrency; ; query = (query + 1) % queryCount)
            {
                long before = Stopwatch.GetTimestamp();
                if (before >= end)
                {
                    return;
                }
                bool answered;
                try
                {
                    answered = await target.SearchAsync(query);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    answered = false;
                }
                if (answered)
                {
                    mine.Add(Stopwatch.GetTimestamp() - before);
                }
                else
                {
                    errors[worker]++;
                }
            }
        })));
        samples?.Add(latencies.SelectMany(list => list), errors.Sum(), Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
