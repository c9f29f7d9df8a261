using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Marks the graph nodes one search has visited. Each search bumps a generation number instead of clearing
/// the array, so starting a search costs nothing however large the graph is (the array is only cleared when
/// the generation wraps around).
/// </summary>
internal sealed class VisitedSet
{
    private int[] _marks = [];
    private int _generation;

    /// <summary>Forgets all visits and makes room for <paramref name="nodeCount"/> nodes.</summary>
    public void Reset(int nodeCount)
    {
        if (_marks.Length < nodeCount)
        {
            _marks = new int[Math.Max(nodeCount, _marks.Length * 2)];
            _generation = 0;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_marks);
            _generation = 1;
        }
    }

    /// <summary>Marks <paramref name="node"/> visited; returns false when it already was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryVisit(int node)
    {
        ref int mark = ref _marks[node];
        if (mark == _generation)
        {
            return false;
        }

        mark = _generation;
        return true;
    }
}
