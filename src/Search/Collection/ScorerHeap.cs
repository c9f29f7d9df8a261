using System.Runtime.CompilerServices;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// A binary min-heap of scorers keyed by their current document, holding the document next to
/// the leaf index so ordering never calls into a scorer.
/// </summary>
internal sealed class ScorerHeap
{
    private readonly LeafScorer[] _leaves;
    private readonly int[] _docs;
    private readonly int[] _indices;
    private int _count;

    public ScorerHeap(LeafScorer[] leaves, int capacity)
    {
        _leaves = leaves;
        _docs = new int[Math.Max(1, capacity)];
        _indices = new int[Math.Max(1, capacity)];
    }

    /// <summary>The smallest current document, or <see cref="LeafScorer.NoMoreDocs"/> when empty or exhausted.</summary>
    public int TopDoc
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _count == 0 ? LeafScorer.NoMoreDocs : _docs[0];
    }

    /// <summary>The leaf index of the scorer on <see cref="TopDoc"/>.</summary>
    public int TopLeaf => _indices[0];

    /// <summary>Refills the heap with the scorers order[from..].</summary>
    public void Rebuild(int[] order, int from)
    {
        _count = 0;
        for (var i = from; i < order.Length; i++)
        {
            _docs[_count] = _leaves[order[i]].Doc;
            _indices[_count] = order[i];
            _count++;
        }

        for (var i = (_count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    /// <summary>The top scorer moved to <paramref name="doc"/>: restore the heap order.</summary>
    public void ReplaceTop(int doc)
    {
        _docs[0] = doc;
        SiftDown(0);
    }

    private void SiftDown(int index)
    {
        var doc = _docs[index];
        var leaf = _indices[index];
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _docs[child + 1] < _docs[child])
            {
                child++;
            }

            if (_docs[child] >= doc)
            {
                break;
            }

            _docs[index] = _docs[child];
            _indices[index] = _indices[child];
            index = child;
        }

        _docs[index] = doc;
        _indices[index] = leaf;
    }
}
