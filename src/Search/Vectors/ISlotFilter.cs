using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Decides whether a slot may appear in search results. Graph traversal still walks through rejected slots
/// (tombstones and filtered-out documents keep the graph connected); only the result set skips them.
/// A struct type parameter, like the distance, so the check is inlined into the search loop.
/// </summary>
internal interface ISlotFilter
{
    bool Accepts(int slot);
}

/// <summary>Accepts every slot: graph construction links to deleted nodes too, as routing points.</summary>
internal readonly struct AnySlot : ISlotFilter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(int slot) => true;
}

/// <summary>Accepts slots that are not deleted.</summary>
internal readonly struct LiveSlot(VectorStore store) : ISlotFilter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(int slot) => !store.IsDeleted(slot);
}

/// <summary>Accepts live slots whose document ordinal is in the caller's allowed set.</summary>
internal readonly struct AllowedLiveSlot(VectorStore store, OrdinalSet allowed) : ISlotFilter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(int slot) => !store.IsDeleted(slot) && allowed.Contains(store.Ordinal(slot));
}
