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

    /// <summary>
    /// How long the gateway waits for a shard copy before asking another copy beside it (the first answer wins).
    /// Well above a healthy shard's answer (milliseconds), well below <see cref="ShardTimeout"/>: a silo that died
    /// or a copy still loading costs a query this much, not the whole timeout.
    /// </summary>
    public TimeSpan ShardHedgeDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a shard copy that failed is asked last (it is asked again when the others fail too).</summary>
    public TimeSpan ShardCopyQuarantine { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old an index description the gateway keeps may get before it reads it again from the catalog in the
    /// background (the catalog also pushes changes; this bounds how long a lost notice goes unnoticed).
    /// </summary>
    public TimeSpan IndexRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a cached answer is served (writes invalidate it sooner).</summary>
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Serve repeated searches from the response cache; off, every search reaches the shards (for measuring, or when answers must be live).</summary>
    public bool CacheResponses { get; set; } = true;

    /// <summary>
    /// Requests (REST and MCP) this gateway serves at once; more wait in a queue of <see cref="MaxQueuedRequests"/>,
    /// and beyond that are refused at once with 503 <c>overloaded</c>. Sized for 2 cores, which serve about 600
    /// uncached searches/s (issue 9): 64 in flight keep both cores busy while some wait on shards; more in flight
    /// only lengthen every request's time on the CPU.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>
    /// Requests waiting for one of <see cref="MaxConcurrentRequests"/>, served oldest first. With the default 128 and
    /// about 600 searches/s on 2 cores, the last in the queue starts within about (64 + 128) / 600 ≈ 0.3 s: a bounded
    /// wait instead of a queue that grows until every answer is late.
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 128;

    /// <summary>
    /// Longest wait for a client's rate-limit bucket grain; a bucket that does not answer in time (or whose silo is
    /// gone) lets that client through unlimited for one lease (<see cref="Security.ClientRateLimiter.LeaseLifetime"/>)
    /// rather than stalling its queries until Orleans gives up on the call.
    /// </summary>
    public TimeSpan RateLimitBucketTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    public void Validate()
    {
        Check(MaxBodyBytes, 1024, 1L << 30, nameof(MaxBodyBytes));
        Check(MaxDocumentsPerCall, 1, 100_000, nameof(MaxDocumentsPerCall));
        Check(MaxQueryLength, 1, SearchOptions.DefaultMaxQueryLength, nameof(MaxQueryLength), " (the shards' query length limit)");
        Check(MaxTopK, 1, SearchOptions.DefaultMaxResultWindow, nameof(MaxTopK), " (the shards' result window)");
        Check(MaxResultWindow, MaxTopK, SearchOptions.DefaultMaxResultWindow, nameof(MaxResultWindow), " (the shards' result window)");
        Check(MaxConcurrentRequests, 1, 100_000, nameof(MaxConcurrentRequests));
        Check(MaxQueuedRequests, 0, 1_000_000, nameof(MaxQueuedRequests));
        Check(HybridWindow, MaxTopK, MaxResultWindow, nameof(HybridWindow), " (Limits:MaxResultWindow)");
        if (ShardTimeout <= TimeSpan.Zero || CacheTimeToLive <= TimeSpan.Zero || ShardCopyQuarantine < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShardTimeout), $"Limits:ShardTimeout ({ShardTimeout}) and Limits:CacheTimeToLive ({CacheTimeToLive}) must be greater than zero, Limits:ShardCopyQuarantine ({ShardCopyQuarantine}) not negative.");
        }
        if (IndexRefreshInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IndexRefreshInterval), IndexRefreshInterval, $"Limits:IndexRefreshInterval is {IndexRefreshInterval}; it must be greater than zero.");
        }
        if (ShardHedgeDelay <= TimeSpan.Zero || ShardHedgeDelay >= ShardTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(ShardHedgeDelay), ShardHedgeDelay, $"Limits:ShardHedgeDelay is {ShardHedgeDelay}; it must be greater than zero and less than Limits:ShardTimeout ({ShardTimeout}).");
        }
        if (RateLimitBucketTimeout <= TimeSpan.Zero || RateLimitBucketTimeout > TimeSpan.FromSeconds(30))
        {
            throw new ArgumentOutOfRangeException(nameof(RateLimitBucketTimeout), RateLimitBucketTimeout, $"Limits:RateLimitBucketTimeout is {RateLimitBucketTimeout}; it must be greater than zero and at most 30 s.");
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
