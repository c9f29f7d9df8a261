namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The last value reported: gauges, and observable counters (which report their cumulative total on
/// each collection, so the last report is the value).
/// </summary>
internal sealed class LastValueSeries(string labels) : MetricSeries(labels)
{
    private double _value;

    public override void Record(double value) => Volatile.Write(ref _value, value);

    public override void WriteTo(PrometheusTextWriter writer, string name) => writer.WriteSample(name, Labels, Volatile.Read(ref _value));
}
