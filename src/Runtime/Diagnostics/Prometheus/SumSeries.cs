namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// A running sum of increments: a counter (monotonic, so negative increments are dropped rather than
/// making Prometheus see a reset) or an up-down counter exposed as a gauge.
/// </summary>
internal sealed class SumSeries(string labels, bool monotonic) : MetricSeries(labels)
{
    private double _sum;

    public override void Record(double value)
    {
        if (monotonic && !(value >= 0))
        {
            return;
        }
        AddAtomically(ref _sum, value);
    }

    public override void WriteTo(PrometheusTextWriter writer, string name) => writer.WriteSample(name, Labels, Volatile.Read(ref _sum));
}
