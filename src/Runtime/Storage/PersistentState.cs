using System.Globalization;
using OrleansSearch.Runtime.Activation;
using OrleansSearch.Runtime.Messaging;

namespace OrleansSearch.Runtime.Storage;

/// <summary>
/// <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/>: the value is serialized
/// with the cluster's serializer and every write or clear is checked against the version last seen.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader where TState : new()
{
    private readonly IGrainStorage _storage;
    private readonly GrainStateKey _key;
    private readonly IMessageSerializer _serializer;
    private long _version;

    public PersistentState(IGrainStorage storage, GrainStateKey key, IMessageSerializer serializer)
    {
        _storage = storage;
        _key = key;
        _serializer = serializer;
    }

    public TState State { get; set; } = new();

    public string? ETag => _version == 0 ? null : _version.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _storage.ReadAsync(_key, cancellationToken).ConfigureAwait(false);
        _version = stored.Version;
        RecordExists = stored.Payload is not null;
        State = stored.Payload is null ? new TState() : (TState)(_serializer.DeserializeValue(stored.Payload, typeof(TState)) ?? new TState());
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        byte[] payload = _serializer.SerializeValue(State, typeof(TState));
        _version = await _storage.WriteAsync(_key, payload, _version, cancellationToken).ConfigureAwait(false);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        _version = await _storage.ClearAsync(_key, _version, cancellationToken).ConfigureAwait(false);
        RecordExists = false;
        State = new TState();
    }
}
