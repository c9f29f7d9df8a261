using System.Collections.Concurrent;

namespace OrleansSearch.Runtime.Messaging;

/// <summary>
/// Cancellation tokens that fire at a deadline, shared by every call whose deadline falls in the same
/// 50 ms slot: one timer per slot instead of one per call (a per-call CancelAfter showed up as a timer
/// queue entry and two allocations on every grain call). Deadlines fire up to one slot late.
/// </summary>
internal static class DeadlineTokens
{
    private const long SlotMilliseconds = 50;
    private static readonly ConcurrentDictionary<long, CancellationTokenSource> Slots = new();

    /// <summary>A token cancelled at (or up to one slot after) <paramref name="deadlineUnixMs"/>.</summary>
    public static CancellationToken At(long deadlineUnixMs)
    {
        long slot = (deadlineUnixMs + SlotMilliseconds - 1) / SlotMilliseconds;
        if (Slots.TryGetValue(slot, out var existing))
        {
            return existing.Token;
        }
        var created = new CancellationTokenSource();
        var source = Slots.GetOrAdd(slot, created);
        if (ReferenceEquals(source, created))
        {
            long delay = Math.Max(0, slot * SlotMilliseconds - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            source.Token.Register(static state => Slots.TryRemove((long)state!, out _), slot);
            source.CancelAfter(TimeSpan.FromMilliseconds(delay));
        }
        else
        {
            created.Dispose();
        }
        return source.Token;
    }
}
