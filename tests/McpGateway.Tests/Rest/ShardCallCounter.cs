using System.Diagnostics.Metrics;
using OrleansSearch.Runtime.Diagnostics;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Counts the gateway's calls to one shard grain method, from the runtime's own call metric.</summary>
internal sealed class ShardCallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private int _count;

    /// <param name="scope">The gateway host's meter factory: other hosts in this test process have their own and are not counted.</param>
    public ShardCallCounter(string method, object scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InstrumentNames.MeterName && instrument.Name == InstrumentNames.GrainCalls && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "method" && (string?)tag.Value == method)
                {
                    Interlocked.Add(ref _count, (int)value);
                }
            }
        });
        _listener.Start();
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
