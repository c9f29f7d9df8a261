namespace OrleansSearch.Tests.Support.Load;

/// <summary>What one request of a load run came to.</summary>
public enum OutcomeKind
{
    /// <summary>Answered successfully and completely (a search from every shard, a write acknowledged).</summary>
    Full,

    /// <summary>A search answered <c>partial: true</c>: some shards are missing from the hits and counts.</summary>
    Partial,

    /// <summary>An error status, a tool error, a write not acknowledged, a timeout or a broken connection.</summary>
    Failed,
}

/// <summary>
/// One request of an open-loop run. <see cref="IntendedAt"/> is when the schedule said to send it (since the
/// start of the run), and <see cref="Latency"/> runs from that moment, not from when it was actually sent: a
/// generator that falls behind (or a client stuck behind a slow answer) cannot hide the wait.
/// </summary>
public readonly record struct RequestOutcome(string Operation, TimeSpan IntendedAt, TimeSpan Latency, OutcomeKind Kind, string? Failure = null);
