using System.Globalization;
using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Load.Bench;

/// <summary>One rate tried by <see cref="CapacitySearch"/>: what it came to and whether the cluster kept up.</summary>
internal sealed record CapacityStep(double SearchesPerSecond, LoadSummary Summary, bool Sustained);

/// <summary>
/// The highest search rate the cluster sustains: open-loop steps of <see cref="StepLength"/> each, rising by half
/// until one fails, then two bisections between the last good and the first bad rate. A rate is sustained when
/// nothing failed, nothing was partial and the median latency (from the intended send time, writes included)
/// stayed within <see cref="LatencyBound"/>: past capacity an open-loop queue only grows, and the median with it.
/// A p99 bound was tried first, but on the shared two-core machine one stall caused by other jobs fails a 6 s step
/// on its own, so the p99 measured capacity there was mostly noise; the p99 is reported, not used to decide.
/// </summary>
internal static class CapacitySearch
{
    /// <summary>The latency bound for accepted requests under overload, applied to the median.</summary>
    public static readonly TimeSpan LatencyBound = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan StepLength = TimeSpan.FromSeconds(6);
    private const double FirstRate = 20;
    private const double LowestRate = 5;

    /// <summary>Unmeasured load first: JIT, connection pools and the shards' first queries would otherwise fail the first step.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);
    private const double Growth = 1.5;
    private const int MaxSteps = 14;

    /// <summary>Enough requests in the warm-up for .NET's tiered JIT to recompile the hot paths of every process.</summary>
    private const double WarmUpRate = 50;

    public static async Task<IReadOnlyList<CapacityStep>> MeasureAsync(LoadCluster cluster, BenchOptions options, TextWriter log)
    {
        using (var warmUp = OpenLoopLoad.Start(MixedLoad.Create(cluster, WarmUpRate, options, "warm-").Streams, WarmUp))
        {
            await warmUp.CompletionAsync();
        }
        await WaitForQuietAsync(cluster);
        var steps = new List<CapacityStep>();
        double good = 0;
        double? bad = null;
        double rate = FirstRate;
        for (int bisections = 0; steps.Count < MaxSteps && bisections <= 2;)
        {
            var mixed = MixedLoad.Create(cluster, rate, options, $"cap{steps.Count}-");
            using var load = OpenLoopLoad.Start(mixed.Streams, StepLength);
            var summary = LoadSummary.Of(await load.CompletionAsync());
            bool sustained = summary.Failed == 0 && summary.Partial == 0 && summary.Latency.P50 <= LatencyBound;
            steps.Add(new CapacityStep(rate, summary, sustained));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  capacity step {rate,6:0} searches/s: sent {summary.Sent}, failed {summary.Failed}, partial {summary.Partial}, p50 {summary.Latency.P50.TotalMilliseconds:0} ms, p99 {summary.Latency.P99.TotalMilliseconds:0} ms → {(sustained ? "sustained" : "not sustained")}"));
            if (sustained)
            {
                good = rate;
            }
            else
            {
                bad = rate;
            }
            if (bad is { } over)
            {
                if (good == 0)
                {
                    // Not even the first rate: step down until one holds or the lowest fails too.
                    if (rate <= LowestRate)
                    {
                        break;
                    }
                    rate = Math.Max(LowestRate, Math.Round(rate / 2));
                    bad = null;
                }
                else
                {
                    bisections++;
                    rate = Math.Round((good + over) / 2);
                }
            }
            else
            {
                rate = Math.Round(rate * Growth);
            }
            // Let the queue of a failed step drain, so the next step starts from an idle cluster.
            await WaitForQuietAsync(cluster);
        }
        return steps;
    }

    /// <summary>The highest sustained rate among <paramref name="steps"/> (0 when none was).</summary>
    public static double Capacity(IReadOnlyList<CapacityStep> steps) =>
        steps.Where(step => step.Sustained).Select(step => step.SearchesPerSecond).DefaultIfEmpty(0).Max();

    /// <summary>Polls one search until it answers within a second, or 30 s pass.</summary>
    private static async Task WaitForQuietAsync(LoadCluster cluster)
    {
        var probe = new RestSearch(LoadCluster.Index, [new { query = cluster.Queries[0], top_k = 10 }]);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30);)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var (kind, _) = await probe.SendAsync(cluster.Admin, 0, CancellationToken.None);
                if (kind == OutcomeKind.Full && started.Elapsed < TimeSpan.FromSeconds(1))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Still overloaded; ask again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
