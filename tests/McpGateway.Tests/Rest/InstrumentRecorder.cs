using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Records what one instrument (by name) of one gateway measures, with its tags, while the test runs. The gateway is
/// told apart by its <see cref="IMeterFactory"/> (the meter's scope): other tests' gateways in this process measure too.
/// </summary>
internal sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public InstrumentRecorder(GatewayFactory gateway, string instrumentName)
    {
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, meters))
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
