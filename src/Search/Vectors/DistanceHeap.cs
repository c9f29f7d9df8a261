using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// A binary min-heap of (distance, slot) pairs on two reused arrays. The HNSW searcher needs a min-heap of
/// candidates and a max-heap of results on every query; <see cref="PriorityQueue{TElement, TPriority}"/>
/// would work but costs a comparer call per sift, and this loop runs millions of times per second.
/// A max-heap is this heap over negated distances.
/// </summary>
internal sealed class DistanceHeap
{
    private float[] _keys;
    private int[] _values;

    public DistanceHeap(int capacity = 64)
    {
        _keys = new float[Math.Max(capacity, 4)];
        _values = new int[_keys.Length];
    }

    public int Count { get; private set; }

    public float TopKey
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _keys[0];
    }

    public int TopValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _values[0];
    }

    public void Clear() => Count = 0;

    public void Push(float key, int value)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        float[] keys = _keys;
        int[] values = _values;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (keys[parent] <= key)
            {
                break;
            }

            keys[i] = keys[parent];
            values[i] = values[parent];
            i = parent;
        }

        keys[i] = key;
        values[i] = value;
    }

    /// <summary>Removes the smallest key; its key and value are read from <see cref="TopKey"/>/<see cref="TopValue"/> first.</summary>
    public void Pop()
    {
        int count = --Count;
        if (count == 0)
        {
            return;
        }

        float[] keys = _keys;
        int[] values = _values;
        float key = keys[count];
        int value = values[count];
        int i = 0;
        while (true)
        {
            int child = (i << 1) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && keys[child + 1] < keys[child])
            {
                child++;
            }

            if (keys[child] >= key)
            {
                break;
            }

            keys[i] = keys[child];
            values[i] = values[child];
            i = child;
        }

        keys[i] = key;
        values[i] = value;
    }
}
