namespace OrleansSearch.Tests.Support.Load;

/// <summary>Nearest-rank percentiles of a set of latencies (zero when the set is empty).</summary>
public readonly record struct LatencyPercentiles(TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max)
{
    public static LatencyPercentiles Of(IEnumerable<TimeSpan> latencies)
    {
        TimeSpan[] sorted = [.. latencies.Order()];
        return sorted.Length == 0
            ? default
            : new LatencyPercentiles(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    /// <summary>The smallest value with at least <paramref name="fraction"/> of the set at or below it.</summary>
    private static TimeSpan Rank(TimeSpan[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
