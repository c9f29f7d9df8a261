using System.Diagnostics;

namespace OrleansSearch.Gateway.Bench;

/// <summary>Everything measured for one scenario at one concurrency, gathered over all of its time slices.</summary>
internal sealed class PointSamples
{
    private readonly List<long> _latencyTicks = [];
    private long _errors;
    private double _seconds;

    public void Add(IEnumerable<long> latencyTicks, long errors, double seconds)
    {
        _latencyTicks.AddRange(latencyTicks);
        _errors += errors;
        _seconds += seconds;
    }

    public PointResult Summarize()
    {
        var sorted = _latencyTicks.Order().ToArray();
        return new PointResult(sorted.Length / _seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted.Length, _errors);
    }

    /// <summary>Nearest rank, in milliseconds.</summary>
    private static double Percentile(long[] sorted, double quantile)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Successful queries per second and their latency percentiles (ms); errors are counted, not timed.</summary>
internal sealed record PointResult(double QueriesPerSecond, double P50, double P95, double P99, long Queries, long Errors);
