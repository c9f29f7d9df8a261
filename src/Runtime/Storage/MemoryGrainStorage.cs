namespace OrleansSearch.Runtime.Storage;

/// <summary>
/// Grain state in process memory, with the same version checks as the SQL providers. Payloads are
/// copied in and out, as a database would, so a caller mutating its buffer cannot change stored state.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainStateKey, StoredState> _states = [];

    public Task<StoredState> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        GrainStorageRules.CheckKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        StoredState? state;
        lock (_lock)
        {
            _states.TryGetValue(key, out state);
        }
        return Task.FromResult(state is null ? new StoredState(null, 0) : state with { Payload = state.Payload?.ToArray() });
    }

    public Task<long> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken)
    {
        GrainStorageRules.CheckKey(key);
        GrainStorageRules.CheckExpectedVersion(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] copy = payload.ToArray();
        lock (_lock)
        {
            ThrowIfVersionDiffers(key, expectedVersion);
            _states[key] = new StoredState(copy, expectedVersion + 1);
        }
        return Task.FromResult(expectedVersion + 1);
    }

    public Task<long> ClearAsync(GrainStateKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        GrainStorageRules.CheckKey(key);
        GrainStorageRules.CheckExpectedVersion(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfVersionDiffers(key, expectedVersion);
            if (expectedVersion == 0)
            {
                // Nothing was ever written: there is nothing to clear and no version to move.
                return Task.FromResult(0L);
            }
            _states[key] = new StoredState(null, expectedVersion + 1);
        }
        return Task.FromResult(expectedVersion + 1);
    }

    private void ThrowIfVersionDiffers(GrainStateKey key, long expectedVersion)
    {
        bool exists = _states.TryGetValue(key, out StoredState? current);
        if ((exists ? current!.Version : 0) != expectedVersion)
        {
            throw new InconsistentStateException(key, expectedVersion, exists ? current!.Version : null);
        }
    }
}
