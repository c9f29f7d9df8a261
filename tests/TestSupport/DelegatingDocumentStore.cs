using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Tests.Support;

/// <summary>A document store that passes every call on: test doubles derive from it and override only the calls they change.</summary>
public class DelegatingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    public virtual Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public virtual Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public virtual Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
        => inner.WriteAsync(index, shard, changes, cancellationToken);

    public virtual IAsyncEnumerable<DocumentChange> ReadChangesAsync(string index, int shard, long afterSequence, CancellationToken cancellationToken)
        => inner.ReadChangesAsync(index, shard, afterSequence, cancellationToken);

    public virtual Task<DocumentChange?> ReadAsync(string index, int shard, string id, CancellationToken cancellationToken) => inner.ReadAsync(index, shard, id, cancellationToken);

    public virtual Task<ShardSnapshotRow?> ReadSnapshotAsync(string index, int shard, CancellationToken cancellationToken) => inner.ReadSnapshotAsync(index, shard, cancellationToken);

    public virtual Task WriteSnapshotAsync(string index, int shard, long sequence, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => inner.WriteSnapshotAsync(index, shard, sequence, payload, cancellationToken);

    public virtual Task DropAsync(string index, int shard, CancellationToken cancellationToken) => inner.DropAsync(index, shard, cancellationToken);
}
