using OrleansSearch.Search.Indexing;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Request limits. Configuration section <c>Limits</c>. The query length and the result window can only be
/// lowered here: the shards enforce the search library's own limits (<see cref="SearchOptions"/>), so a higher
/// setting would be accepted at startup and then refused by every shard in the library's words.
/// </summary>
public sealed class GatewayLimits
{
    /// <summary>Largest request body in bytes (413 above).</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most documents per index or delete call.</summary>
    public int MaxDocumentsPerCall { get; set; } = 1000;

    /// <summary>Longest query in characters; at most the shards' <see cref="SearchOptions.DefaultMaxQueryLength"/>.</summary>
    public int MaxQueryLength { get; set; } = 1024;

    /// <summary>Most hits per page.</summary>
    public int MaxTopK { get; set; } = 100;

    /// <summary>Deepest offset + top_k; page further with cursors. At most the shards' <see cref="SearchOptions.DefaultMaxResultWindow"/>.</summary>
    public int MaxResultWindow { get; set; } = SearchOptions.DefaultMaxResultWindow;

    /// <summary>
    /// Hybrid searches fuse the best this-many hits of each side (keyword and semantic), the same for every page of a
    /// query, so pages never repeat or skip a document; hybrid paging ends at this depth. At most <see cref="MaxResultWindow"/>.
    /// </summary>
    public int HybridWindow { get; set; } = DefaultHybridWindow;

    public const int DefaultHybridWindow = 1000;

    /// <summary>How long shards get to answer a query phase.</summary>
    public TimeSpan ShardTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a cached answer is served (writes invalidate it sooner).</summary>
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Serve repeated searches from the response cache; off, every search reaches the shards (for measuring, or when answers must be live).</summary>
    public bool CacheResponses { get; set; } = true;

    public void Validate()
    {
        Check(MaxBodyBytes, 1024, 1L << 30, nameof(MaxBodyBytes));
        Check(MaxDocumentsPerCall, 1, 100_000, nameof(MaxDocumentsPerCall));
        Check(MaxQueryLength, 1, SearchOptions.DefaultMaxQueryLength, nameof(MaxQueryLength), " (the shards' query length limit)");
        Check(MaxTopK, 1, SearchOptions.DefaultMaxResultWindow, nameof(MaxTopK), " (the shards' result window)");
        Check(MaxResultWindow, MaxTopK, SearchOptions.DefaultMaxResultWindow, nameof(MaxResultWindow), " (the shards' result window)");
        Check(HybridWindow, MaxTopK, MaxResultWindow, nameof(HybridWindow), " (Limits:MaxResultWindow)");
        if (ShardTimeout <= TimeSpan.Zero || CacheTimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShardTimeout), $"Limits:ShardTimeout ({ShardTimeout}) and Limits:CacheTimeToLive ({CacheTimeToLive}) must be greater than zero.");
        }
    }

    private static void Check(long value, long min, long max, string name, string maxMeaning = "")
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Limits:{name} is {value}; it must be between {min} and {max}{maxMeaning}.");
        }
    }
}
