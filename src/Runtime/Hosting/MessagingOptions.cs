namespace OrleansSearch.Runtime.Hosting;

/// <summary>Call and transport limits, for silos and clients. Configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultMaxMessageSize = 16 * 1024 * 1024;

    /// <summary>Deadline of a call that has none from its caller; nested calls inherit the earlier deadline.</summary>
    public TimeSpan CallTimeout { get; set; } = DefaultCallTimeout;

    /// <summary>Largest frame sent or accepted; larger requests fail before sending, larger frames close the connection.</summary>
    public int MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Messages waiting to be written on one connection before senders wait (backpressure).</summary>
    public int SendQueueCapacity { get; set; } = 16_384;

    /// <summary>Requests a silo has accepted and not yet answered before it rejects new ones as overloaded.</summary>
    public int MaxPendingRequests { get; set; } = 100_000;

    /// <summary>How long to wait for a TCP connection to a silo.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a request may be forwarded between silos before it is rejected back to the caller.</summary>
    public int MaxForwardHops { get; set; } = 2;

    internal void Validate()
    {
        OptionsValidation.Positive(CallTimeout, $"Messaging:{nameof(CallTimeout)}");
        OptionsValidation.Positive(ConnectTimeout, $"Messaging:{nameof(ConnectTimeout)}");
        OptionsValidation.InRange(MaxMessageSize, 1024, int.MaxValue / 2, $"Messaging:{nameof(MaxMessageSize)}");
        OptionsValidation.InRange(SendQueueCapacity, 1, 10_000_000, $"Messaging:{nameof(SendQueueCapacity)}");
        OptionsValidation.InRange(MaxPendingRequests, 1, 100_000_000, $"Messaging:{nameof(MaxPendingRequests)}");
        OptionsValidation.InRange(MaxForwardHops, 0, 8, $"Messaging:{nameof(MaxForwardHops)}");
    }
}
