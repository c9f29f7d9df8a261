namespace OrleansSearch.Grains.Documents;

/// <summary>Shard grain settings. Configuration section <c>Shards</c>.</summary>
public sealed class ShardOptions
{
    /// <summary>How often a shard with unsnapshotted writes saves a snapshot (activation replays only what came after it).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most documents in one write call.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    public void Validate()
    {
        if (SnapshotInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotInterval), SnapshotInterval, $"Shards:SnapshotInterval is {SnapshotInterval}; it must be greater than zero.");
        }
        if (MaxBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, $"Shards:MaxBatchSize is {MaxBatchSize}; it must be between 1 and 100000.");
        }
    }
}
