namespace OrleansSearch.Runtime.Diagnostics;

/// <summary>
/// Every metric and trace name the runtime emits, in one place (README "Observability" lists them).
/// Prometheus exposition turns dots into underscores.
/// </summary>
public static class InstrumentNames
{
    public const string MeterName = "OrleansSearch.Runtime";
    public const string ActivitySourceName = "OrleansSearch.Runtime";

    /// <summary>Counter: grain calls completed, tagged grain_type, method, outcome (ok, error, timeout, rejected).</summary>
    public const string GrainCalls = "orleanssearch.grain.calls";
    /// <summary>Histogram (seconds): caller-side grain call latency, tagged grain_type, method.</summary>
    public const string GrainCallDuration = "orleanssearch.grain.call.duration";
    /// <summary>Up-down counter: live activations on this silo, tagged grain_type.</summary>
    public const string Activations = "orleanssearch.grain.activations";
    /// <summary>Gauge: Active silos in this process's membership view.</summary>
    public const string MembershipViewSize = "orleanssearch.membership.view.size";
    /// <summary>Gauge: version of this process's membership view.</summary>
    public const string MembershipViewVersion = "orleanssearch.membership.view.version";
    /// <summary>Counter: messages sent, tagged kind.</summary>
    public const string MessagesSent = "orleanssearch.messaging.sent.messages";
    /// <summary>Counter: messages received, tagged kind.</summary>
    public const string MessagesReceived = "orleanssearch.messaging.received.messages";
    /// <summary>Counter: bytes sent on silo and client connections.</summary>
    public const string BytesSent = "orleanssearch.messaging.sent.bytes";
    /// <summary>Counter: bytes received on silo and client connections.</summary>
    public const string BytesReceived = "orleanssearch.messaging.received.bytes";
}
