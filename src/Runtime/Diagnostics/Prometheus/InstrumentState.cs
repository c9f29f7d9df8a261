using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The series of one instrument, keyed by tag set. A measurement on a known tag set is a lock-free
/// lookup by the tag span itself plus an atomic update; only a new tag set allocates (its key, its
/// formatted labels and its series).
/// </summary>
internal sealed class InstrumentState
{
    /// <summary>Prometheus' client defaults, for latencies in seconds.</summary>
    private static readonly double[] DefaultSecondsBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>OpenTelemetry's explicit-bucket defaults, for everything else.</summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly KeyValuePair<string, object?>[] _fixedTags;
    private readonly Func<string, MetricSeries> _newSeries;

    private InstrumentState(Instrument instrument, PrometheusMetricType type, Func<string, MetricSeries> newSeries)
    {
        Type = type;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, type);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        _fixedTags = [.. instrument.Meter.Tags ?? [], .. instrument.Tags ?? []];
        _newSeries = newSeries;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public string Name { get; }

    public string Help { get; }

    public PrometheusMetricType Type { get; }

    public ICollection<MetricSeries> Series => _series.Values;

    /// <summary>The state for a supported instrument kind, or null for kinds this exposition does not map.</summary>
    public static InstrumentState? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }
        var kind = type.GetGenericTypeDefinition();
        if (kind == typeof(Counter<>))
        {
            return new(instrument, PrometheusMetricType.Counter, labels => new SumSeries(labels, monotonic: true));
        }
        if (kind == typeof(UpDownCounter<>))
        {
            return new(instrument, PrometheusMetricType.Gauge, labels => new SumSeries(labels, monotonic: false));
        }
        if (kind == typeof(ObservableCounter<>))
        {
            return new(instrument, PrometheusMetricType.Counter, labels => new LastValueSeries(labels));
        }
        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>) || kind == typeof(Gauge<>))
        {
            return new(instrument, PrometheusMetricType.Gauge, labels => new LastValueSeries(labels));
        }
        if (kind == typeof(Histogram<>))
        {
            double[] bounds = AdvisedBounds(instrument) ?? (PrometheusNaming.UnitSuffix(instrument.Unit, PrometheusMetricType.Histogram) == "seconds" ? DefaultSecondsBounds : DefaultBounds);
            return new(instrument, PrometheusMetricType.Histogram, labels => new HistogramSeries(labels, bounds));
        }
        return null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_lookup.TryGetValue(tags, out var series))
        {
            series = AddSeries(tags);
        }
        series.Record(value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private MetricSeries AddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _series.GetOrAdd(new TagSet(tags.ToArray()), static (key, state) => state._newSeries(PrometheusTextWriter.FormatLabels(state._fixedTags.Concat(key.Tags))), this);

    private static double[]? AdvisedBounds(Instrument instrument) => instrument switch
    {
        Instrument<double> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        Instrument<float> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        Instrument<long> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        Instrument<int> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        Instrument<short> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        Instrument<byte> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        Instrument<decimal> typed => ToDoubles(typed.Advice?.HistogramBucketBoundaries),
        _ => null,
    };

    private static double[]? ToDoubles<T>(IReadOnlyList<T>? bounds) where T : struct, IConvertible =>
        bounds is null ? null : [.. bounds.Select(bound => bound.ToDouble(CultureInfo.InvariantCulture))];
}
