namespace OrleansSearch.Grains.Storage;

/// <summary>
/// Durable documents and snapshots of every shard: one row per (index, shard, document id) with its
/// version, the shard's write sequence number and the JSON payload (a tombstone after a delete), plus
/// the shard's latest snapshot and the sequence number it covers. A shard grain is the only writer of
/// its rows, so it assigns sequence numbers itself.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Creates the tables if they do not exist (idempotent, safe to race).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Answers when the store can be reached (readiness checks).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Writes a batch of changes in one transaction: when it returns, they are durable.</summary>
    Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken);

    /// <summary>The shard's changes with a sequence number above <paramref name="afterSequence"/>, in sequence order.</summary>
    IAsyncEnumerable<DocumentChange> ReadChangesAsync(string index, int shard, long afterSequence, CancellationToken cancellationToken);

    /// <summary>One document's current row, or null.</summary>
    Task<DocumentChange?> ReadAsync(string index, int shard, string id, CancellationToken cancellationToken);

    Task<ShardSnapshotRow?> ReadSnapshotAsync(string index, int shard, CancellationToken cancellationToken);

    Task WriteSnapshotAsync(string index, int shard, long sequence, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Deletes the shard's documents and snapshot.</summary>
    Task DropAsync(string index, int shard, CancellationToken cancellationToken);
}

/// <summary>A document row: a version and payload, or a tombstone (<paramref name="Payload"/> null).</summary>
public sealed record DocumentChange(string Id, long Version, long Sequence, byte[]? Payload)
{
    public bool Deleted => Payload is null;
}

/// <summary>A shard snapshot and the last sequence number it includes.</summary>
public sealed record ShardSnapshotRow(long Sequence, byte[] Payload);
