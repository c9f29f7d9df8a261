namespace OrleansSearch.Runtime.Messaging;

internal enum MessageKind : byte
{
    Request = 1,
    Response = 2,
    /// <summary>A membership probe; answered with <see cref="Pong"/> by a serving silo.</summary>
    Ping = 3,
    Pong = 4,
    /// <summary>The caller gave up on request <see cref="Message.Id"/>; cancel its token if it runs.</summary>
    Cancel = 5,
}

internal enum ResponseStatus : byte
{
    Ok = 0,
    /// <summary>The grain method (or the runtime on its behalf) threw; never retried.</summary>
    Exception = 1,
    /// <summary>Not executed; the caller refreshes its view and retries elsewhere until the deadline.</summary>
    Rejected = 2,
}

internal enum RejectionReason : byte
{
    None = 0,
    /// <summary>The receiver does not own the grain in its view (carried in <see cref="Message.ViewVersion"/>).</summary>
    NotOwner = 1,
    /// <summary>The receiver is leaving the cluster.</summary>
    ShuttingDown = 2,
    /// <summary>A hand-off probe found no activation: the asker may activate the grain itself.</summary>
    NoActivation = 3,
    /// <summary>The receiver's queues are full.</summary>
    Overloaded = 4,
}

[Flags]
internal enum MessageFlags : byte
{
    None = 0,
    ReadOnly = 1,
    /// <summary>
    /// Sent by a grain's new owner to its owner in the previous view: serve only if an activation of the
    /// grain still lives here, otherwise reject with <see cref="RejectionReason.NoActivation"/>. This is how
    /// a grain moves without two activations writing state at once (see RUNTIME.md, Placement).
    /// </summary>
    Handoff = 2,
    /// <summary>Target is a stateless worker: any silo may serve it.</summary>
    StatelessWorker = 4,
}

/// <summary>One frame on the wire: a header and a serialized body (arguments or result).</summary>
internal sealed class Message
{
    public long Id { get; set; }
    public MessageKind Kind { get; set; }
    public MessageFlags Flags { get; set; }
    public ResponseStatus Status { get; set; }
    public RejectionReason Rejection { get; set; }
    public byte Hops { get; set; }
    public GrainId Target { get; set; }
    public uint MethodId { get; set; }
    /// <summary>The sender's membership view version, so a receiver with an older view refreshes first.</summary>
    public long ViewVersion { get; set; }
    /// <summary>Absolute deadline, Unix milliseconds UTC; the receiver drops work that is already late.</summary>
    public long DeadlineUnixMs { get; set; }
    /// <summary>Grains currently waiting on this call, outermost first, for call-cycle detection.</summary>
    public string[] CallChain { get; set; } = [];
    /// <summary>W3C traceparent of the caller's span.</summary>
    public string? TraceParent { get; set; }
    public string? ExceptionType { get; set; }
    public string? ExceptionMessage { get; set; }
    public ReadOnlyMemory<byte> Body { get; set; }

    public bool IsReadOnly => (Flags & MessageFlags.ReadOnly) != 0;

    public Message CreateResponse(ResponseStatus status) => new()
    {
        Id = Id,
        Kind = MessageKind.Response,
        Status = status,
        Target = Target,
        MethodId = MethodId,
    };

    public Message CreateRejection(RejectionReason reason, long viewVersion)
    {
        var rejection = CreateResponse(ResponseStatus.Rejected);
        rejection.Rejection = reason;
        rejection.ViewVersion = viewVersion;
        return rejection;
    }

    public Message CreateException(string exceptionType, string exceptionMessage, long viewVersion)
    {
        var response = CreateResponse(ResponseStatus.Exception);
        response.ExceptionType = exceptionType;
        response.ExceptionMessage = exceptionMessage;
        response.ViewVersion = viewVersion;
        return response;
    }
}
