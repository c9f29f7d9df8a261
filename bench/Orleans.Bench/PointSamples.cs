using System.Diagnostics;

namespace OrleansSearch.Orleans.Bench;

/// <summary>One scenario at one concurrency: its calls/s in each round and every call's latency over all rounds.</summary>
internal sealed class PointSamples(ICallTarget target, int concurrency)
{
    private readonly List<long> _latencyTicks = [];

    public ICallTarget Target => target;

    public int Concurrency => concurrency;

    /// <summary>Calls/s per round, in round order (so a round's figure can be set against the baseline's in the same round).</summary>
    public List<double> CallsPerSecond { get; } = [];

    public void Add(List<long> latencyTicks, double seconds)
    {
        _latencyTicks.AddRange(latencyTicks);
        CallsPerSecond.Add(latencyTicks.Count / seconds);
    }

    public double MeanMicroseconds => _latencyTicks.Count == 0 ? double.NaN : _latencyTicks.Average() * 1e6 / Stopwatch.Frequency;

    /// <summary>Nearest-rank percentile over every call of every round, in microseconds.</summary>
    public double PercentileMicroseconds(double quantile)
    {
        _latencyTicks.Sort();
        return _latencyTicks.Count == 0
            ? double.NaN
            : _latencyTicks[Math.Max(0, (int)Math.Ceiling(quantile * _latencyTicks.Count) - 1)] * 1e6 / Stopwatch.Frequency;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
