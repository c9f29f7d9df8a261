using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Postings;

/// <summary>
/// The postings of one term in one text field: ascending document ordinals, the term frequency
/// in each, and the token positions (delta-encoded varints, for phrases). Every
/// <see cref="BlockSize"/> postings form a block whose largest frequency and smallest field
/// length are kept, so a scorer can bound the best score of a whole block without reading it
/// (block-max metadata, used for the MaxScore bounds).
/// </summary>
/// <remarks>
/// A list lives either in its own growable arrays (while documents are added) or as a slice of
/// the arrays one <see cref="PackedPostings"/> shares between all terms of a field (after
/// compaction or a snapshot load: no per-term array headers or spare capacity, and a load is a
/// few large copies). Appending to a packed list first copies it out (copy on write).
/// Ordinals and frequencies are plain int arrays rather than varint blocks: on SciFact they are
/// most of the postings memory, but they decode at memory speed and query latency is what a shard
/// is judged on. Positions are only read by phrase queries, so they are compressed.
/// Postings of deleted documents stay until <see cref="Indexing.ShardIndex.Compact"/>; readers skip them.
/// </remarks>
internal sealed class PostingList
{
    /// <summary>Postings per block-max block.</summary>
    public const int BlockSize = 128;

    private PostingStorage _storage;
    private int _offset;
    private int _blockOffset;
    private int _positionsStart;
    private int _positionsEnd;
    private bool _packed;

    public PostingList()
    {
        _storage = new PostingStorage
        {
            Documents = new int[2],
            Frequencies = new int[2],
            PositionStarts = new int[2],
            Positions = new byte[4],
            BlockMaxFrequencies = new int[1],
            BlockMinLengths = new int[1],
        };
    }

    /// <summary>A slice of packed storage.</summary>
    internal PostingList(PackedPostings store, int offset, int count, int blockOffset, int positionsStart, int positionsEnd)
    {
        _storage = store.Storage;
        _offset = offset;
        Count = count;
        _blockOffset = blockOffset;
        _positionsStart = positionsStart;
        _positionsEnd = positionsEnd;
        _packed = true;
    }

    /// <summary>Number of postings, deleted documents included.</summary>
    public int Count { get; private set; }

    /// <summary>Number of block-max blocks.</summary>
    public int BlockCount => (Count + BlockSize - 1) / BlockSize;

    public ReadOnlySpan<int> Documents => _storage.Documents.AsSpan(_offset, Count);

    public ReadOnlySpan<int> Frequencies => _storage.Frequencies.AsSpan(_offset, Count);

    /// <summary>Where each posting's positions start, as absolute offsets into the array <see cref="PositionBytes"/> is a slice of.</summary>
    public ReadOnlySpan<int> PositionStarts => _storage.PositionStarts.AsSpan(_offset, Count);

    /// <summary>Absolute offset of this term's first position byte (subtract it from <see cref="PositionStarts"/> for term-relative offsets).</summary>
    public int PositionsBase => _positionsStart;

    public ReadOnlySpan<byte> PositionBytes => _storage.Positions.AsSpan(_positionsStart, _positionsEnd - _positionsStart);

    public ReadOnlySpan<int> BlockMaxFrequencies => _storage.BlockMaxFrequencies.AsSpan(_blockOffset, BlockCount);

    public ReadOnlySpan<int> BlockMinLengths => _storage.BlockMinLengths.AsSpan(_blockOffset, BlockCount);

    /// <summary>
    /// Number of postings of live documents and the delete generation it was counted at. A
    /// reference, so concurrent readers never see a torn pair.
    /// </summary>
    public LiveCount? LiveCountCache { get; set; }

    /// <summary>The raw ordinal array; posting i is at <see cref="Offset"/> + i.</summary>
    internal int[] DocumentArray => _storage.Documents;

    /// <summary>The raw frequency array; posting i is at <see cref="Offset"/> + i.</summary>
    internal int[] FrequencyArray => _storage.Frequencies;

    /// <summary>Index of posting 0 in the raw arrays.</summary>
    internal int Offset => _offset;

    /// <summary>
    /// Bytes this list holds on its own: the object (header, 2 references, 5 ints, a flag: about
    /// 56 bytes) and, unless packed, its storage. A packed store counts its shared arrays once.
    /// </summary>
    public long MemoryBytes => _packed ? ObjectBytes : _storage.MemoryBytes + ObjectBytes;

    private const int ObjectBytes = 56;

    /// <summary>
    /// Appends the posting of <paramref name="document"/>, which must be larger than every
    /// ordinal already in the list; <paramref name="positions"/> are ascending.
    /// </summary>
    public void Add(int document, ReadOnlySpan<int> positions, int fieldLength)
    {
        if (_packed)
        {
            Unpack();
        }

        var storage = _storage;
        if (Count > 0 && document <= storage.Documents[Count - 1])
        {
            throw new InvalidOperationException($"Posting for document ordinal {document} is not after the last one ({storage.Documents[Count - 1]}).");
        }

        if (Count == storage.Documents.Length)
        {
            var capacity = Count * 2;
            Array.Resize(ref storage.Documents, capacity);
            Array.Resize(ref storage.Frequencies, capacity);
            Array.Resize(ref storage.PositionStarts, capacity);
        }

        var block = Count / BlockSize;
        if (block == storage.BlockMaxFrequencies.Length)
        {
            Array.Resize(ref storage.BlockMaxFrequencies, block * 2);
            Array.Resize(ref storage.BlockMinLengths, block * 2);
        }

        if (Count % BlockSize == 0)
        {
            storage.BlockMaxFrequencies[block] = positions.Length;
            storage.BlockMinLengths[block] = fieldLength;
        }
        else
        {
            storage.BlockMaxFrequencies[block] = Math.Max(storage.BlockMaxFrequencies[block], positions.Length);
            storage.BlockMinLengths[block] = Math.Min(storage.BlockMinLengths[block], fieldLength);
        }

        storage.Documents[Count] = document;
        storage.Frequencies[Count] = positions.Length;
        storage.PositionStarts[Count] = _positionsEnd;
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
        var offset = _storage.PositionStarts[_offset + index];
        var position = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            position += ReadVarint(_storage.Positions, ref offset);
            destination[i] = position;
        }
    }

    /// <summary>Byte length of the encoded positions of posting <paramref name="index"/>.</summary>
    public int PositionByteLength(int index) =>
        (index + 1 < Count ? _storage.PositionStarts[_offset + index + 1] : _positionsEnd) - _storage.PositionStarts[_offset + index];

    /// <summary>
    /// Index (0-based within this list) of the first posting at or after <paramref name="from"/>
    /// whose ordinal is ≥ <paramref name="target"/>, or <see cref="Count"/>; gallops then
    /// binary-searches so long skips stay logarithmic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SeekIndex(int from, int target)
    {
        var documents = _storage.Documents;
        var count = Count;
        var offset = _offset;
        if (from >= count || documents[offset + from] >= target)
        {
            return from;
        }

        var step = 1;
        var low = from;
        var high = from + 1;
        while (high < count && documents[offset + high] < target)
        {
            low = high;
            step <<= 1;
            high = from + step;
        }

        if (high > count)
        {
            high = count;
        }

        // documents[low] < target; the answer is in (low, high].
        low++;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (documents[offset + middle] < target)
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

    private void Unpack()
    {
        var capacity = Math.Max(2, Count * 2);
        var documents = new int[capacity];
        var frequencies = new int[capacity];
        var starts = new int[capacity];
        Documents.CopyTo(documents);
        Frequencies.CopyTo(frequencies);
        for (var i = 0; i < Count; i++)
        {
            starts[i] = _storage.PositionStarts[_offset + i] - _positionsStart;
        }

        var positions = new byte[Math.Max(4, (_positionsEnd - _positionsStart) * 2)];
        PositionBytes.CopyTo(positions);
        var blocks = Math.Max(1, BlockCount * 2);
        var blockMax = new int[blocks];
        var blockMin = new int[blocks];
        BlockMaxFrequencies.CopyTo(blockMax);
        BlockMinLengths.CopyTo(blockMin);
        _storage = new PostingStorage
        {
            Documents = documents,
            Frequencies = frequencies,
            PositionStarts = starts,
            Positions = positions,
            BlockMaxFrequencies = blockMax,
            BlockMinLengths = blockMin,
        };
        _positionsEnd -= _positionsStart;
        _positionsStart = 0;
        _offset = 0;
        _blockOffset = 0;
        _packed = false;
    }

    private void WriteVarint(int value)
    {
        ref var bytes = ref _storage.Positions;
        if (_positionsEnd + 5 > bytes.Length)
        {
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, _positionsEnd + 5));
        }

        var unsigned = (uint)value;
        while (unsigned >= 0x80)
        {
            bytes[_positionsEnd++] = (byte)(unsigned | 0x80);
            unsigned >>= 7;
        }

        bytes[_positionsEnd++] = (byte)unsigned;
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
