using OrleansSearch.Runtime;

namespace OrleansSearch.Grains;

/// <summary>
/// One shard of one index, keyed <c>index/shard</c> (<see cref="ShardKeys.For"/>). Writes are durable in the
/// document store before they are acknowledged and run one at a time; queries are read-only and run
/// side by side. On activation the shard rebuilds its in-memory index from its latest snapshot plus
/// the documents written after it.
/// </summary>
[GrainType("shard")]
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces documents (idempotent by id); reports each document's outcome.</summary>
    Task<IReadOnlyList<DocumentOutcome>> Upsert(IReadOnlyList<SourceDocument> documents);

    /// <summary>Deletes documents by id; a missing id is a not_found outcome.</summary>
    Task<IReadOnlyList<DocumentOutcome>> Delete(IReadOnlyList<DocumentDelete> deletes);

    /// <summary>Phase 1: this shard's statistics for the query's terms.</summary>
    [ReadOnly]
    Task<QueryStatistics> Statistics(ShardQuery query);

    /// <summary>Phase 2: the shard's best hits, scored with the supplied global statistics.</summary>
    [ReadOnly]
    Task<ShardPage> Search(ShardQuery query, QueryStatistics statistics);

    [ReadOnly]
    Task<StoredDocument?> Get(string id);

    [ReadOnly]
    Task<ShardInfo> Describe();

    /// <summary>Saves a snapshot now (also done periodically after writes).</summary>
    Task Snapshot();

    /// <summary>Removes every document and snapshot of this shard and deactivates it.</summary>
    Task Drop();
}
