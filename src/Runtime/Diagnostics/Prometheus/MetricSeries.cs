namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>One series of a metric family: its label pairs (formatted once) and its aggregated value.</summary>
internal abstract class MetricSeries(string labels)
{
    /// <summary>Sorted, escaped <c>name="value"</c> pairs joined by commas, without braces; empty when untagged.</summary>
    public string Labels { get; } = labels;

    /// <summary>Called on the measurement's thread, concurrently with other measurements and scrapes.</summary>
    public abstract void Record(double value);

    public abstract void WriteTo(PrometheusTextWriter writer, string name);

    /// <summary>Atomic add on a double: Interlocked has no Add for doubles.</summary>
    protected static void AddAtomically(ref double target, double value)
    {
        double current = Volatile.Read(ref target);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }
            current = seen;
        }
    }
}
