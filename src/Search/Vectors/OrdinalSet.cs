using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// A set of document ordinals as a bitset, used as the filter of a vector search (the documents that pass the
/// keyword/numeric filters). It keeps its cardinality so the index can choose between exact search over the
/// allowed documents and filtered graph search without counting bits per query.
/// </summary>
public sealed class OrdinalSet
{
    private ulong[] _words;

    /// <summary>Creates an empty set able to hold ordinals below <paramref name="capacity"/> without growing.</summary>
    public OrdinalSet(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _words = new ulong[(capacity + 63) >> 6];
    }

    /// <summary>The set of the ordinals whose bits are set in <paramref name="words"/> (bit i of word w is ordinal 64·w + i); takes the array.</summary>
    internal static OrdinalSet FromBits(ulong[] words)
    {
        var set = new OrdinalSet { _words = words };
        foreach (ulong word in words)
        {
            set.Count += BitOperations.PopCount(word);
        }

        return set;
    }

    /// <summary>Number of ordinals in the set.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="ordinal"/>; returns false when it was already present.</summary>
    public bool Add(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        int word = ordinal >> 6;
        if (word >= _words.Length)
        {
            Array.Resize(ref _words, Math.Max(word + 1, _words.Length * 2));
        }

        ulong mask = 1UL << (ordinal & 63);
        if ((_words[word] & mask) != 0)
        {
            return false;
        }

        _words[word] |= mask;
        Count++;
        return true;
    }

    /// <summary>Whether <paramref name="ordinal"/> is in the set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int ordinal)
    {
        int word = ordinal >> 6;
        return (uint)word < (uint)_words.Length && (_words[word] & (1UL << (ordinal & 63))) != 0;
    }

    /// <summary>Calls the visitor's <see cref="IOrdinalVisitor.Visit"/> for each ordinal in ascending order.</summary>
    internal void ForEach<TVisitor>(ref TVisitor visitor)
        where TVisitor : struct, IOrdinalVisitor
    {
        ulong[] words = _words;
        for (int w = 0; w < words.Length; w++)
        {
            ulong bits = words[w];
            while (bits != 0)
            {
                visitor.Visit((w << 6) + BitOperations.TrailingZeroCount(bits));
                bits &= bits - 1;
            }
        }
    }
}

/// <summary>Receives the ordinals of an <see cref="OrdinalSet"/> without a delegate allocation per scan.</summary>
internal interface IOrdinalVisitor
{
    void Visit(int ordinal);
}
