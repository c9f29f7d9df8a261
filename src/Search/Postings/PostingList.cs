using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Postings;

/// <summary>
/// The postings of one term in one text field: ascending document ordinals, the term frequency
/// in each, and the token positions (delta-encoded varints, for phrases). Every
/// <see cref="BlockSize"/> postings form a block whose largest frequency and smallest field
/// length are kept, so a scorer can bound the best score of a whole block without decoding it
/// (block-max pruning).
/// </summary>
/// <remarks>
/// Ordinals and frequencies are plain int arrays rather than varint blocks: measured on SciFact
/// they cost about 2/3 of the postings memory, but decode at memory speed, and query latency is
/// what the shard is judged on. Positions are only read by phrase queries, so they are compressed.
/// Postings of deleted documents stay until <see cref="Indexing.ShardIndex.Compact"/>; readers skip them.
/// </remarks>
internal sealed class PostingList
{
    /// <summary>Postings per block-max block.</summary>
    public const int BlockSize = 128;

    private int[] _documents;
    private int[] _frequencies;
    private int[] _positionStarts;
    private byte[] _positions;
    private int[] _blockMaxFrequency;
    private int[] _blockMinLength;

    public PostingList()
    {
        _documents = new int[2];
        _frequencies = new int[2];
        _positionStarts = new int[2];
        _positions = new byte[4];
        _blockMaxFrequency = new int[1];
        _blockMinLength = new int[1];
    }

    private PostingList(int[] documents, int[] frequencies, int[] positionStarts, byte[] positions, int count, int positionsLength, int[] blockMaxFrequency, int[] blockMinLength)
    {
        _documents = documents;
        _frequencies = frequencies;
        _positionStarts = positionStarts;
        _positions = positions;
        Count = count;
        PositionsLength = positionsLength;
        _blockMaxFrequency = blockMaxFrequency;
        _blockMinLength = blockMinLength;
    }

    /// <summary>Number of postings, deleted documents included.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes used in the positions buffer.</summary>
    public int PositionsLength { get; private set; }

    /// <summary>Number of block-max blocks.</summary>
    public int BlockCount => (Count + BlockSize - 1) / BlockSize;

    public ReadOnlySpan<int> Documents => _documents.AsSpan(0, Count);

    public ReadOnlySpan<int> Frequencies => _frequencies.AsSpan(0, Count);

    public ReadOnlySpan<int> PositionStarts => _positionStarts.AsSpan(0, Count);

    public ReadOnlySpan<byte> PositionBytes => _positions.AsSpan(0, PositionsLength);

    public ReadOnlySpan<int> BlockMaxFrequencies => _blockMaxFrequency.AsSpan(0, BlockCount);

    public ReadOnlySpan<int> BlockMinLengths => _blockMinLength.AsSpan(0, BlockCount);

    /// <summary>
    /// Number of postings of live documents and the delete generation it was counted at. A
    /// reference, so concurrent readers never see a torn pair.
    /// </summary>
    public LiveCount? LiveCountCache { get; set; }

    /// <summary>The raw ordinal array (valid up to <see cref="Count"/>), for scorers that keep an index into it.</summary>
    internal int[] DocumentArray => _documents;

    /// <summary>The raw frequency array (valid up to <see cref="Count"/>).</summary>
    internal int[] FrequencyArray => _frequencies;

    /// <summary>Bytes held by the arrays (capacity, not just the used part).</summary>
    public long MemoryBytes =>
        ((long)_documents.Length + _frequencies.Length + _positionStarts.Length + _blockMaxFrequency.Length + _blockMinLength.Length) * sizeof(int)
        + _positions.Length + (5 * 24) + 48;

    /// <summary>
    /// Appends the posting of <paramref name="document"/>, which must be larger than every
    /// ordinal already in the list; <paramref name="positions"/> are ascending.
    /// </summary>
    public void Add(int document, ReadOnlySpan<int> positions, int fieldLength)
    {
        if (Count > 0 && document <= _documents[Count - 1])
        {
            throw new InvalidOperationException($"Posting for document ordinal {document} is not after the last one ({_documents[Count - 1]}).");
        }

        if (Count == _documents.Length)
        {
            var capacity = Count * 2;
            Array.Resize(ref _documents, capacity);
            Array.Resize(ref _frequencies, capacity);
            Array.Resize(ref _positionStarts, capacity);
        }

        var block = Count / BlockSize;
        if (block == _blockMaxFrequency.Length)
        {
            Array.Resize(ref _blockMaxFrequency, block * 2);
            Array.Resize(ref _blockMinLength, block * 2);
        }

        if (Count % BlockSize == 0)
        {
            _blockMaxFrequency[block] = positions.Length;
            _blockMinLength[block] = fieldLength;
        }
        else
        {
            _blockMaxFrequency[block] = Math.Max(_blockMaxFrequency[block], positions.Length);
            _blockMinLength[block] = Math.Min(_blockMinLength[block], fieldLength);
        }

        _documents[Count] = document;
        _frequencies[Count] = positions.Length;
        _positionStarts[Count] = PositionsLength;
        var previous = 0;
        foreach (var position in positions)
        {
            WriteVarint(position - previous);
            previous = position;
        }

        Count++;
    }

    /// <summary>Decodes the positions of posting <paramref name="index"/> into <paramref name="destination"/> (length = its frequency).</summary>
    public void ReadPositions(int index, Span<int> destination)
    {
        var offset = _positionStarts[index];
        var position = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            position += ReadVarint(_positions, ref offset);
            destination[i] = position;
        }
    }

    /// <summary>
    /// Index of the first posting at or after <paramref name="from"/> whose ordinal is ≥ <paramref name="target"/>,
    /// or <see cref="Count"/>; gallops then binary-searches so long skips stay logarithmic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SeekIndex(int from, int target)
    {
        var documents = _documents;
        var count = Count;
        if (from >= count || documents[from] >= target)
        {
            return from;
        }

        var step = 1;
        var low = from;
        var high = from + 1;
        while (high < count && documents[high] < target)
        {
            low = high;
            step <<= 1;
            high = from + step;
        }

        if (high > count)
        {
            high = count;
        }

        // documents[low] < target; answer in (low, high].
        low++;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (documents[middle] < target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>A copy holding only the postings whose document survives, renumbered by <paramref name="newOrdinal"/> (-1 = dropped).</summary>
    public PostingList Compacted(ReadOnlySpan<int> newOrdinal, ReadOnlySpan<int> fieldLengthByNewOrdinal)
    {
        var result = new PostingList();
        var positions = new int[64];
        for (var i = 0; i < Count; i++)
        {
            var target = newOrdinal[_documents[i]];
            if (target < 0)
            {
                continue;
            }

            var frequency = _frequencies[i];
            if (positions.Length < frequency)
            {
                positions = new int[frequency];
            }

            var slice = positions.AsSpan(0, frequency);
            ReadPositions(i, slice);
            result.Add(target, slice, fieldLengthByNewOrdinal[target]);
        }

        return result;
    }

    /// <summary>Rebuilds a list from its persisted arrays, recomputing block-max metadata from <paramref name="fieldLengths"/>.</summary>
    public static PostingList FromArrays(int[] documents, int[] frequencies, int[] positionStarts, byte[] positions, ReadOnlySpan<int> fieldLengths)
    {
        var count = documents.Length;
        var blocks = Math.Max(1, (count + BlockSize - 1) / BlockSize);
        var blockMax = new int[blocks];
        var blockMin = new int[blocks];
        for (var i = 0; i < count; i++)
        {
            var block = i / BlockSize;
            var length = fieldLengths[documents[i]];
            if (i % BlockSize == 0)
            {
                blockMax[block] = frequencies[i];
                blockMin[block] = length;
            }
            else
            {
                blockMax[block] = Math.Max(blockMax[block], frequencies[i]);
                blockMin[block] = Math.Min(blockMin[block], length);
            }
        }

        return new PostingList(
            count == 0 ? new int[2] : documents,
            count == 0 ? new int[2] : frequencies,
            count == 0 ? new int[2] : positionStarts,
            positions.Length == 0 ? new byte[4] : positions,
            count,
            positions.Length,
            blockMax,
            blockMin);
    }

    private void WriteVarint(int value)
    {
        if (PositionsLength + 5 > _positions.Length)
        {
            Array.Resize(ref _positions, Math.Max(_positions.Length * 2, PositionsLength + 5));
        }

        var unsigned = (uint)value;
        while (unsigned >= 0x80)
        {
            _positions[PositionsLength++] = (byte)(unsigned | 0x80);
            unsigned >>= 7;
        }

        _positions[PositionsLength++] = (byte)unsigned;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadVarint(byte[] buffer, ref int offset)
    {
        uint result = 0;
        var shift = 0;
        byte current;
        do
        {
            current = buffer[offset++];
            result |= (uint)(current & 0x7F) << shift;
            shift += 7;
        }
        while ((current & 0x80) != 0);

        return (int)result;
    }
}

/// <summary>A live-posting count and the delete generation it is valid for.</summary>
internal sealed record LiveCount(int Count, long Generation);
