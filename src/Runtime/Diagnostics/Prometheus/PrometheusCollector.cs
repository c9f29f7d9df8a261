using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Listens to the selected meters and aggregates their measurements in memory; a scrape collects the
/// observable instruments and renders everything in the Prometheus text format.
/// </summary>
/// <remarks>
/// Meters created by another host's <see cref="IMeterFactory"/> are skipped, so two hosts in one process
/// (tests, the gateway's embedded mode) each expose their own figures; meters created without a factory
/// are process-wide and exposed by every host.
/// </remarks>
internal sealed class PrometheusCollector : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly string[] _meterPrefixes;
    private readonly bool _includeProcessMetrics;
    private readonly IMeterFactory? _meterFactory;
    private readonly Lock _scrapeLock = new();

    public PrometheusCollector(PrometheusMetricsOptions options, IMeterFactory? meterFactory = null)
    {
        options.Validate();
        _meterPrefixes = [.. options.MeterPrefixes];
        _includeProcessMetrics = options.IncludeProcessMetrics;
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>The exposition of every selected instrument: families sorted by name, series by labels.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            var families = new SortedDictionary<string, List<InstrumentState>>(StringComparer.Ordinal);
            foreach (var state in _instruments.Values)
            {
                if (!families.TryGetValue(state.Name, out var family))
                {
                    families[state.Name] = family = [];
                }
                family.Add(state);
            }
            var writer = new PrometheusTextWriter();
            foreach (var (name, family) in families)
            {
                WriteFamily(writer, name, family);
            }
            if (_includeProcessMetrics)
            {
                ProcessMetrics.WriteTo(writer);
            }
            return writer.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// Instruments of the same name from several meters (one per silo in a process) share one family.
    /// Prometheus rejects a family with two types or a repeated series, so an instrument of another type
    /// is left out and a repeated label set keeps its first series.
    /// </summary>
    private static void WriteFamily(PrometheusTextWriter writer, string name, List<InstrumentState> family)
    {
        var first = family[0];
        var series = new SortedDictionary<string, MetricSeries>(StringComparer.Ordinal);
        foreach (var state in family)
        {
            if (state.Type != first.Type)
            {
                continue;
            }
            foreach (var one in state.Series)
            {
                series.TryAdd(one.Labels, one);
            }
        }
        writer.WriteFamilyHeader(name, first.Help, first.Type);
        foreach (var one in series.Values)
        {
            one.WriteTo(writer, name);
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!IsSelected(instrument.Meter) || InstrumentState.Create(instrument) is not { } state)
        {
            return;
        }
        _instruments[instrument] = state;
        listener.EnableMeasurementEvents(instrument, state);
    }

    private bool IsSelected(Meter meter)
    {
        if (meter.Scope is not null && _meterFactory is not null && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return false;
        }
        foreach (string prefix in _meterPrefixes)
        {
            if (meter.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
