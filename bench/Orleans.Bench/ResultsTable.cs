using System.Globalization;

namespace OrleansSearch.Orleans.Bench;

/// <summary>
/// The Markdown table for bench/RESULTS.md. Throughput ÷ raw is the median over rounds of (this point's calls/s ÷ the
/// baseline's calls/s in the same round): each ratio compares two slices measured seconds apart, under the same load.
/// The mean is there because the percentiles alone mislead when most calls complete at once and a few wait long
/// (co-hosted calls): by Little's law, mean latency = concurrency ÷ calls/s in a closed loop.
/// </summary>
internal static class ResultsTable
{
    public static void Write(IReadOnlyList<PointSamples> points, ICallTarget baseline, TextWriter output)
    {
        output.WriteLine("| scenario | concurrency | calls/s (median) | calls/s (min–max) | mean µs | p50 µs | p99 µs | p99.9 µs | throughput ÷ raw | p50 ÷ raw | p99 ÷ raw |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var point in points)
        {
            var raw = points.Single(p => p.Target == baseline && p.Concurrency == point.Concurrency);
            double ratio = PointSamples.Median(point.CallsPerSecond.Select((calls, round) => calls / raw.CallsPerSecond[round]));
            double p50 = point.PercentileMicroseconds(0.50), p99 = point.PercentileMicroseconds(0.99);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {point.Target.Name} | {point.Concurrency} | {PointSamples.Median(point.CallsPerSecond):N0} | {point.CallsPerSecond.Min():N0}–{point.CallsPerSecond.Max():N0} | {point.MeanMicroseconds:0.0} | {p50:0.0} | {p99:0.0} | {point.PercentileMicroseconds(0.999):0.0} | {ratio:0.00} | {p50 / raw.PercentileMicroseconds(0.50):0.00} | {p99 / raw.PercentileMicroseconds(0.99):0.00} |"));
        }
    }
}
