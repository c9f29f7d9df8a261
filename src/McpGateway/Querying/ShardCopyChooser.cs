using System.Collections.Concurrent;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Which copy of a shard this gateway asks first. Each gateway keeps to one copy per shard (rotated by a per-process
/// seed, so gateways spread over the copies), which keeps one client's pages and statistics on the same copy; a copy
/// that failed is asked last for <see cref="GatewayLimits.ShardCopyQuarantine"/>.
/// </summary>
internal sealed class ShardCopyChooser(GatewayLimits limits, TimeProvider time)
{
    private readonly int _seed = Random.Shared.Next(SeedRange);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedUntil = new(StringComparer.Ordinal);

    /// <summary>Any non-negative start works (it is taken modulo the copy count); small keeps the sums from overflowing.</summary>
    private const int SeedRange = 1 << 16;

    /// <summary>The copies of a shard in the order to ask them: the preferred healthy copy first, failed ones last.</summary>
    public int[] Order(string index, int shard, int copies)
    {
        var order = new int[copies];
        for (int i = 0; i < copies; i++)
        {
            order[i] = (_seed + shard + i) % copies;
        }
        if (copies > 1 && !_failedUntil.IsEmpty)
        {
            var now = time.GetUtcNow();
            // Stable: healthy copies keep their order in front of the failed ones.
            order = [.. order.OrderBy(copy => IsQuarantined(index, shard, copy, now) ? 1 : 0)];
        }
        return order;
    }

    public void Failed(string index, int shard, int copy) => _failedUntil[ShardKeys.For(index, shard, copy)] = time.GetUtcNow() + limits.ShardCopyQuarantine;

    public void Answered(string index, int shard, int copy)
    {
        if (!_failedUntil.IsEmpty)
        {
            _failedUntil.TryRemove(ShardKeys.For(index, shard, copy), out _);
        }
    }

    private bool IsQuarantined(string index, int shard, int copy, DateTimeOffset now)
        => _failedUntil.TryGetValue(ShardKeys.For(index, shard, copy), out var until) && until > now;
}
