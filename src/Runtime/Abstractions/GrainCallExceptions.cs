namespace OrleansSearch.Runtime;

/// <summary>
/// A grain method threw. Carries the remote exception's type name, message and the grain and method
/// it came from; the remote stack stays on the silo (in its logs), not on the wire.
/// </summary>
public sealed class GrainCallFailedException : Exception
{
    public GrainCallFailedException(string remoteExceptionType, string remoteMessage, GrainId grainId, string method)
        : base($"{method} on grain {grainId} threw {remoteExceptionType}: {remoteMessage}")
    {
        RemoteExceptionType = remoteExceptionType;
        RemoteMessage = remoteMessage;
        GrainId = grainId;
        Method = method;
    }

    public GrainCallFailedException() : this("", "", default, "") { }
    public GrainCallFailedException(string message) : base(message) { RemoteExceptionType = RemoteMessage = Method = ""; }
    public GrainCallFailedException(string message, Exception innerException) : base(message, innerException) { RemoteExceptionType = RemoteMessage = Method = ""; }

    /// <summary>Full CLR name of the exception the grain threw, e.g. <c>System.ArgumentException</c>.</summary>
    public string RemoteExceptionType { get; }
    public string RemoteMessage { get; }
    public GrainId GrainId { get; }
    public string Method { get; }
}

/// <summary>A call would wait on a grain that is itself waiting on this call (A → B → A on a non-reentrant grain).</summary>
public sealed class DeadlockException : Exception
{
    public DeadlockException() { }
    public DeadlockException(string message) : base(message) { }
    public DeadlockException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>An argument, result or state could not be turned into bytes (or back).</summary>
public sealed class GrainCallSerializationException : Exception
{
    public GrainCallSerializationException() { }
    public GrainCallSerializationException(string message) : base(message) { }
    public GrainCallSerializationException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A message is larger than <see cref="Hosting.MessagingOptions.MaxMessageSize"/>; nothing was sent.</summary>
public sealed class MessageTooLargeException : Exception
{
    public MessageTooLargeException() { }
    public MessageTooLargeException(string message) : base(message) { }
    public MessageTooLargeException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The connection to the silo serving a call broke after the request was sent, so whether it ran is
/// unknown; the runtime does not retry it (calls are at most once).
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException() { }
    public SiloUnavailableException(string message) : base(message) { }
    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>No silo could serve the call before its deadline (or it ran past it).</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException() { }
    public GrainCallTimeoutException(string message) : base(message) { }
    public GrainCallTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>No grain class on the silo implements the requested grain type.</summary>
public sealed class UnknownGrainTypeException : Exception
{
    public UnknownGrainTypeException() { }
    public UnknownGrainTypeException(string message) : base(message) { }
    public UnknownGrainTypeException(string message, Exception innerException) : base(message, innerException) { }
}
