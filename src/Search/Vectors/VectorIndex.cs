namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Nearest-neighbour index over the vectors of one shard, keyed by the caller's document ordinal and id.
/// <para>
/// Searches are exact below <see cref="VectorIndexOptions.ExactSearchThreshold"/> live vectors (or always, for
/// <see cref="VectorIndexKind.Flat"/>), otherwise approximate through an HNSW graph. A filtered search returns
/// only allowed documents and still fills k when k allowed documents exist: it is exact over the allowed set
/// when that is cheaper by <see cref="VectorIndexOptions.GraphCostPerEf"/> (selective filters), otherwise it
/// walks the graph with the filter applied to results (not to routing) and a beam widened by 1/selectivity,
/// and falls back to exact search if the graph yields fewer than k.
/// </para>
/// <para>
/// Deletes are tombstones: the vector stays in the graph as a routing point and searches skip it. When
/// tombstones pass <see cref="VectorIndexOptions.CompactionThreshold"/> of the stored vectors the index is
/// compacted, which rebuilds the graph from the live vectors (periodic rebuild rather than in-place repair:
/// simpler, and it restores the graph quality that repair only approximates).
/// </para>
/// <para>
/// Thread safety: searches may run concurrently with each other, but not with <see cref="Add"/>,
/// <see cref="Delete"/> or <see cref="Compact"/> (a shard grain serializes its writes and interleaves only reads).
/// </para>
/// </summary>
public abstract class VectorIndex
{
    private protected VectorIndex(VectorIndexOptions options) => Options = options;

    public VectorIndexOptions Options { get; }

    /// <summary>Number of live (not deleted) vectors.</summary>
    public abstract int Count { get; }

    /// <summary>Creates an empty index; throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public static VectorIndex Create(VectorIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Metric switch
        {
            VectorMetric.Cosine => new VectorIndex<CosineDistance>(options),
            VectorMetric.DotProduct => new VectorIndex<DotProductDistance>(options),
            _ => new VectorIndex<EuclideanDistance>(options),
        };
    }

    /// <summary>
    /// Reads an index written by <see cref="WriteTo"/>. Throws <see cref="InvalidDataException"/> when the data is
    /// truncated, of an unknown version, or inconsistent.
    /// </summary>
    public static VectorIndex ReadFrom(Stream stream) => VectorIndexSerializer.Read(stream);

    /// <summary>
    /// Adds the vector of document <paramref name="id"/> under <paramref name="documentOrdinal"/>. Adding an id
    /// that is already present replaces its vector. Throws <see cref="ArgumentException"/> when the vector has the
    /// wrong dimension, a NaN or infinite component, or (cosine) zero length, or when the ordinal already belongs
    /// to another id.
    /// </summary>
    public abstract void Add(int documentOrdinal, string id, ReadOnlySpan<float> vector);

    /// <summary>Deletes the vector of <paramref name="id"/>; returns false when there was none.</summary>
    public abstract bool Delete(string id);

    public abstract bool Contains(string id);

    /// <summary>
    /// The <paramref name="k"/> nearest live vectors to <paramref name="query"/>, best first (score descending,
    /// then ordinal ascending). With <paramref name="allowed"/>, only documents whose ordinal is in the set.
    /// </summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, OrdinalSet? allowed = null) => Search(query, k, allowed, Options.EfSearch);

    /// <summary>Rebuilds storage (and graph) from the live vectors only, dropping tombstones.</summary>
    public abstract void Compact();

    /// <summary>
    /// Writes the whole index (options, ids, vectors, graph) in a compact little-endian binary form that starts
    /// with a magic number and a version byte, for embedding as a section of a shard snapshot.
    /// </summary>
    public void WriteTo(Stream stream) => VectorIndexSerializer.Write(this, stream);

    /// <summary>Search with an explicit beam width (benchmarks sweep it).</summary>
    internal abstract VectorHit[] Search(ReadOnlySpan<float> query, int k, OrdinalSet? allowed, int efSearch);

    /// <summary>Brute-force search, the ground truth for recall.</summary>
    internal abstract VectorHit[] SearchExact(ReadOnlySpan<float> query, int k, OrdinalSet? allowed = null);

    internal abstract VectorStore Store { get; }

    /// <summary>Approximate bytes held by the vectors and the graph.</summary>
    internal abstract long MemoryBytes { get; }

    /// <summary>Follows a renumbering of the caller's documents (a shard compaction); the graph is untouched.</summary>
    internal void RemapOrdinals(ReadOnlySpan<int> newOrdinal) => Store.RemapOrdinals(newOrdinal);

    internal abstract void WriteGraph(BinaryWriter writer);

    internal abstract void ReadGraph(BinaryReader reader);
}
