namespace OrleansSearch.Runtime.Storage;

/// <summary>
/// Durable storage for grain state, one row per (grain type, grain key, state name) holding an
/// opaque payload and a version that serves as the ETag. Writes are guarded by the version the
/// writer last saw, so a stale duplicate activation can never overwrite newer state.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the state; <see cref="StoredState.Payload"/> is null when never written or cleared (version 0 when no row exists).</summary>
    Task<StoredState> ReadAsync(GrainStateKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="payload"/> if the stored version equals <paramref name="expectedVersion"/>
    /// (0 = no row yet) and returns the new version (<paramref name="expectedVersion"/> + 1). Throws
    /// <see cref="InconsistentStateException"/> otherwise, changing nothing. The payload is copied; an
    /// empty payload reads back as empty, not as null.
    /// </summary>
    Task<long> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Clears the payload under the same version check, keeping the row as a tombstone whose version
    /// still moves forward, and returns the new version. Throws <see cref="InconsistentStateException"/> on conflict.
    /// A state never written (no row) cleared with <paramref name="expectedVersion"/> 0 stays absent: nothing is
    /// written and the result is 0.
    /// </summary>
    Task<long> ClearAsync(GrainStateKey key, long expectedVersion, CancellationToken cancellationToken);
}

/// <summary>Names one persisted state of one grain.</summary>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    public override string ToString() => $"{GrainType}/{GrainKey}/{StateName}";
}

/// <summary>A state as read: payload (null when absent or cleared) and its version (the ETag).</summary>
public sealed record StoredState(byte[]? Payload, long Version);

/// <summary>A write or clear found a different version than the writer expected: someone else wrote first.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(GrainStateKey key, long expectedVersion, long? actualVersion)
        : base($"State {key} was changed by another writer: expected version {expectedVersion}, found {(actualVersion is null ? "no row" : actualVersion.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}. Re-read the state before writing.")
    {
        Key = key;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    public InconsistentStateException() { }
    public InconsistentStateException(string message) : base(message) { }
    public InconsistentStateException(string message, Exception innerException) : base(message, innerException) { }

    public GrainStateKey Key { get; }
    public long ExpectedVersion { get; }

    /// <summary>The version found when re-reading after the conflict; null when there was no row.</summary>
    public long? ActualVersion { get; }
}
