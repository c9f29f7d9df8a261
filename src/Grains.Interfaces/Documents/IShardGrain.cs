using System.Diagnostics.CodeAnalysis;
using Orleans.Concurrency;

namespace OrleansSearch.Grains;

/// <summary>
/// One copy of one shard of one index, keyed <c>index/shard</c> for the copy that writes and
/// <c>index/shard/copy</c> for the copies that follow it (<see cref="ShardKeys"/>). Writes are durable in the
/// document store before they are acknowledged and run one at a time; queries are read-only and interleave.
/// A following copy reads the writer's changes from the document store by sequence number.
/// On activation the shard rebuilds its in-memory index from its latest snapshot plus the documents written
/// after it. Pages and statistics are
/// [Immutable] types, so a co-hosted caller gets them without a deep copy.
/// </summary>
[Alias("OrleansSearch.IShardGrain")]
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces documents (idempotent by id); reports each document's outcome.</summary>
    [Alias("Upsert")]
    Task<IReadOnlyList<DocumentOutcome>> Upsert(IReadOnlyList<SourceDocument> documents);

    /// <summary>Deletes documents by id; a missing id is a not_found outcome.</summary>
    [Alias("Delete")]
    Task<IReadOnlyList<DocumentOutcome>> Delete(IReadOnlyList<DocumentDelete> deletes);

    /// <summary>Phase 1: this shard's statistics for the query's terms.</summary>
    [ReadOnly]
    [Alias("Statistics")]
    Task<QueryStatistics> Statistics(ShardQuery query);

    /// <summary>Phase 2: the shard's best hits, scored with the supplied global statistics.</summary>
    [ReadOnly]
    [Alias("Search")]
    Task<ShardPage> Search(ShardQuery query, QueryStatistics statistics);

    [ReadOnly]
    [Alias("Get")]
    [SuppressMessage("Naming", "CA1716", Justification = "A grain interface is implemented and called from C# only; the name is also its [Alias] on the wire.")]
    Task<StoredDocument?> Get(string id);

    [ReadOnly]
    [Alias("Describe")]
    Task<ShardInfo> Describe();

    /// <summary>
    /// Tells a following copy that the writer has acknowledged changes up to <paramref name="sequence"/>: it reads
    /// them from the document store. One-way: the writer never waits for its followers.
    /// </summary>
    [OneWay]
    [Alias("Follow")]
    Task Follow(long sequence);

    /// <summary>
    /// Moves this copy to the silo the layout assigns it (<c>ShardLayout</c>) when it is elsewhere and every other
    /// copy of the shard answers, so that the shard stays served while this copy loads at its new place.
    /// True when the copy is settled: where it belongs, or the shard's only copy (which never moves while its silo lives).
    /// </summary>
    [ReadOnly]
    [Alias("Rebalance")]
    Task<bool> Rebalance();

    /// <summary>Saves a snapshot now (also done periodically after writes).</summary>
    [Alias("Snapshot")]
    Task Snapshot();

    /// <summary>Removes every document and snapshot of this shard and deactivates it.</summary>
    [Alias("Drop")]
    Task Drop();
}
