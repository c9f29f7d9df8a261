using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansSearch.Runtime.Messaging;

namespace OrleansSearch.Runtime.Diagnostics;

/// <summary>
/// The runtime's instruments, created from one <see cref="Meter"/> per process component (silo or
/// client) so that in-process test clusters keep their silos' figures apart (the meter is tagged with
/// the silo name).
/// </summary>
internal sealed class RuntimeInstruments : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(InstrumentNames.ActivitySourceName);

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;
    private readonly UpDownCounter<long> _activations;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _bytesReceived;

    public RuntimeInstruments(IMeterFactory meterFactory, string processName, Func<(int Size, long Version)> view)
    {
        _meter = meterFactory.Create(new MeterOptions(InstrumentNames.MeterName)
        {
            Tags = [new KeyValuePair<string, object?>("silo", processName)],
        });
        _calls = _meter.CreateCounter<long>(InstrumentNames.GrainCalls, "{call}", "Grain calls completed, by grain type, method and outcome.");
        _callDuration = _meter.CreateHistogram<double>(InstrumentNames.GrainCallDuration, "s", "Caller-side grain call latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _activations = _meter.CreateUpDownCounter<long>(InstrumentNames.Activations, "{activation}", "Live activations on this silo.");
        _meter.CreateObservableGauge(InstrumentNames.MembershipViewSize, () => view().Size, "{silo}", "Active silos in the membership view.");
        _meter.CreateObservableGauge(InstrumentNames.MembershipViewVersion, () => view().Version, null, "Membership view version.");
        _messagesSent = _meter.CreateCounter<long>(InstrumentNames.MessagesSent, "{message}", "Messages sent.");
        _messagesReceived = _meter.CreateCounter<long>(InstrumentNames.MessagesReceived, "{message}", "Messages received.");
        _bytesSent = _meter.CreateCounter<long>(InstrumentNames.BytesSent, "By", "Bytes sent.");
        _bytesReceived = _meter.CreateCounter<long>(InstrumentNames.BytesReceived, "By", "Bytes received.");
    }

    public void CallCompleted(string grainType, string method, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "grain_type", grainType }, { "method", method }, { "outcome", outcome } };
        _calls.Add(1, tags);
        if (_callDuration.Enabled)
        {
            _callDuration.Record(elapsed.TotalSeconds, new TagList { { "grain_type", grainType }, { "method", method } });
        }
    }

    public void ActivationCreated(string grainType) => _activations.Add(1, new KeyValuePair<string, object?>("grain_type", grainType));

    public void ActivationRemoved(string grainType) => _activations.Add(-1, new KeyValuePair<string, object?>("grain_type", grainType));

    public void MessageSent(MessageKind kind, int bytes)
    {
        _messagesSent.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)));
        _bytesSent.Add(bytes);
    }

    public void MessageReceived(MessageKind kind, int bytes)
    {
        _messagesReceived.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)));
        _bytesReceived.Add(bytes);
    }

    public void Dispose() => _meter.Dispose();

    private static string KindName(MessageKind kind) => kind switch
    {
        MessageKind.Request => "request",
        MessageKind.Response => "response",
        MessageKind.Ping => "ping",
        MessageKind.Pong => "pong",
        MessageKind.Cancel => "cancel",
        _ => "unknown",
    };
}
