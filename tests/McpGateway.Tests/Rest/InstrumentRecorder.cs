using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Records what one gateway instrument (by name) measures, with its tags, while the test runs.</summary>
internal sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public InstrumentRecorder(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            Measurements.Enqueue((value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value?.ToString()))));
        _listener.Start();
    }

    public ConcurrentQueue<(long Value, Dictionary<string, string?> Tags)> Measurements { get; } = new();

    public long Total(string? tag = null, string? value = null)
        => Measurements.Where(m => tag is null || m.Tags.GetValueOrDefault(tag) == value).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
