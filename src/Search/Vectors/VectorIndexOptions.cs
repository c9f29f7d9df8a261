namespace OrleansSearch.Search.Vectors;

/// <summary>Settings of one vector index (one vector field of one shard). Checked by <see cref="Validate"/> when an index is created.</summary>
public sealed class VectorIndexOptions
{
    /// <summary>Default <see cref="MaxConnections"/> (M), as in the HNSW paper and hnswlib.</summary>
    public const int DefaultMaxConnections = 16;

    /// <summary>Default <see cref="EfConstruction"/>.</summary>
    public const int DefaultEfConstruction = 200;

    /// <summary>Default <see cref="EfSearch"/>.</summary>
    public const int DefaultEfSearch = 128;

    /// <summary>Default <see cref="ExactSearchThreshold"/>: below this many live vectors brute force is as fast as the graph and exact.</summary>
    public const int DefaultExactSearchThreshold = 1000;

    /// <summary>
    /// Default <see cref="GraphCostPerEf"/>: measured on 20,000–100,000 clustered 128-d vectors, a graph search
    /// costs about as much as 50–75 sequential distance computations per unit of ef.
    /// </summary>
    public const int DefaultGraphCostPerEf = 64;

    /// <summary>Default <see cref="CompactionThreshold"/>.</summary>
    public const double DefaultCompactionThreshold = 0.25;

    /// <summary>Number of dimensions of every vector. Required, 1 to 65,536.</summary>
    public int Dimension { get; init; }

    /// <summary>How vectors are compared.</summary>
    public VectorMetric Metric { get; init; } = VectorMetric.Cosine;

    /// <summary>Flat (exact only) or HNSW.</summary>
    public VectorIndexKind Kind { get; init; } = VectorIndexKind.Hnsw;

    /// <summary>HNSW M: links per node on upper layers (2·M on layer 0). 2 to 128.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>Beam width while inserting; higher builds a better graph, slower. At least <see cref="MaxConnections"/>.</summary>
    public int EfConstruction { get; init; } = DefaultEfConstruction;

    /// <summary>Beam width while searching (raised to k when k is larger); the recall/speed knob. At least 1.</summary>
    public int EfSearch { get; init; } = DefaultEfSearch;

    /// <summary>Seed of the level generator: the same seed and the same inserts give the same graph.</summary>
    public ulong Seed { get; init; } = 0x5EED;

    /// <summary>With fewer live vectors than this, searches are exact brute force even for an HNSW index. At least 0.</summary>
    public int ExactSearchThreshold { get; init; } = DefaultExactSearchThreshold;

    /// <summary>
    /// Cost model of filtered search, in distance computations per unit of ef. A filtered graph search widens ef
    /// by live/allowed (only that share of the nodes it meets can enter the results); exact search over the
    /// allowed documents costs one distance each. The search is exact when the allowed documents number at most
    /// <see cref="ExactSearchThreshold"/> or at most this factor × the widened ef, so selective filters (small
    /// relative to the index) go exact and broad ones through the graph. 0 means "graph whenever above the
    /// threshold". 0 to 1,000,000.
    /// </summary>
    public int GraphCostPerEf { get; init; } = DefaultGraphCostPerEf;

    /// <summary>
    /// When deleted vectors exceed this fraction of all stored vectors, the index is compacted: rebuilt from
    /// the live vectors (for HNSW, a fresh graph). Deletes below it are tombstones that searches skip. In (0, 1].
    /// </summary>
    public double CompactionThreshold { get; init; } = DefaultCompactionThreshold;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option whose value breaks its rule.</summary>
    public void Validate()
    {
        Check(Dimension is >= 1 and <= 65_536, nameof(Dimension), Dimension, "must be between 1 and 65536");
        Check(Enum.IsDefined(Metric), nameof(Metric), Metric, "must be Cosine, DotProduct or Euclidean");
        Check(Enum.IsDefined(Kind), nameof(Kind), Kind, "must be Flat or Hnsw");
        Check(MaxConnections is >= 2 and <= 128, nameof(MaxConnections), MaxConnections, "must be between 2 and 128");
        Check(EfConstruction >= MaxConnections && EfConstruction <= 100_000, nameof(EfConstruction), EfConstruction, $"must be between MaxConnections ({MaxConnections}) and 100000");
        Check(EfSearch is >= 1 and <= 100_000, nameof(EfSearch), EfSearch, "must be between 1 and 100000");
        Check(ExactSearchThreshold >= 0, nameof(ExactSearchThreshold), ExactSearchThreshold, "must not be negative");
        Check(GraphCostPerEf is >= 0 and <= 1_000_000, nameof(GraphCostPerEf), GraphCostPerEf, "must be between 0 and 1000000");
        Check(CompactionThreshold is > 0 and <= 1, nameof(CompactionThreshold), CompactionThreshold, "must be greater than 0 and at most 1");
    }

    private static void Check(bool valid, string option, object value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentException($"VectorIndexOptions.{option} is {value}; it {rule}.", option);
        }
    }
}
