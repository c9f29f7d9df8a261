namespace OrleansSearch.Grains.Documents;

/// <summary>Shard grain settings. Configuration section <c>Shards</c>.</summary>
public sealed class ShardOptions
{
    /// <summary>How often a shard with unsnapshotted writes saves a snapshot (activation replays only what came after it).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a following copy reads the writer's changes even when no notice came (notices are one-way and may be lost).</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a copy checks that it is on the silo the layout assigns it (after silos joined or came back) and
    /// moves there. Copy k of a shard moves only in every k-th interval, so the copies of a shard move one at a time.
    /// </summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a copy waits for the other copies of its shard to answer before it moves (it stays if one does not).</summary>
    public TimeSpan RebalanceProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most documents in one write call.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    public void Validate()
    {
        if (SnapshotInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotInterval), SnapshotInterval, $"Shards:SnapshotInterval is {SnapshotInterval}; it must be greater than zero.");
        }
        if (FollowInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FollowInterval), FollowInterval, $"Shards:FollowInterval is {FollowInterval}; it must be greater than zero.");
        }
        if (RebalanceInterval <= TimeSpan.Zero || RebalanceProbeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RebalanceInterval), RebalanceInterval, $"Shards:RebalanceInterval ({RebalanceInterval}) and Shards:RebalanceProbeTimeout ({RebalanceProbeTimeout}) must be greater than zero.");
        }
        if (MaxBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, $"Shards:MaxBatchSize is {MaxBatchSize}; it must be between 1 and 100000.");
        }
    }
}
