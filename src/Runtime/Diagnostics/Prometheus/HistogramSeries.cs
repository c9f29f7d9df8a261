namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Per-bucket counts (not cumulative, so a measurement touches one slot), a sum, and the upper bounds
/// shared by the instrument's series. The exposition accumulates the buckets and reports their total
/// as <c>_count</c>, so <c>_count</c> always equals the <c>+Inf</c> bucket even while measurements arrive.
/// </summary>
internal sealed class HistogramSeries(string labels, double[] upperBounds) : MetricSeries(labels)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private double _sum;

    public override void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }
        // Buckets are "less than or equal": an exact hit belongs to that bound's bucket, otherwise the
        // complement of the result is the first bound above the value (upperBounds.Length means +Inf).
        int index = Array.BinarySearch(upperBounds, value);
        Interlocked.Increment(ref _counts[index >= 0 ? index : ~index]);
        AddAtomically(ref _sum, value);
    }

    public override void WriteTo(PrometheusTextWriter writer, string name)
    {
        long cumulative = 0;
        for (int i = 0; i < upperBounds.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            writer.WriteBucket(name, Labels, upperBounds[i], cumulative);
        }
        cumulative += Volatile.Read(ref _counts[upperBounds.Length]);
        writer.WriteBucket(name, Labels, double.PositiveInfinity, cumulative);
        writer.WriteSample(name + "_sum", Labels, Volatile.Read(ref _sum));
        writer.WriteSample(name + "_count", Labels, cumulative);
    }
}
