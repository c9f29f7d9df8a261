namespace OrleansSearch.Runtime;

/// <summary>
/// A grain's durable state with optimistic concurrency: every write carries the version (ETag) last
/// read or written, and fails with <see cref="Storage.InconsistentStateException"/> if someone else
/// wrote in between, so a stale duplicate activation can never overwrite newer state.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The current in-memory value; a fresh <typeparamref name="TState"/> when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The stored version this activation last saw; null when nothing was ever written.</summary>
    string? ETag { get; }

    /// <summary>Whether a value is stored (false before the first write and after a clear).</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored value and resets <see cref="State"/> to a fresh instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
