namespace OrleansSearch.Search.Postings;

/// <summary>
/// The postings of every term of one field in six shared arrays (ordinals, frequencies,
/// absolute position starts, position bytes, block maxima, block minima), each term a
/// <see cref="PostingList"/> slice. Built in one go, by compaction or a snapshot load, from
/// totals known in advance, so the arrays never grow and slices never dangle.
/// </summary>
internal sealed class PackedPostings
{
    private int _postings;
    private int _positions;
    private int _blocks;

    public PackedPostings(int totalPostings, int totalPositionBytes, int totalBlocks)
        : this(new int[totalPostings], new int[totalPostings], new int[totalPostings], new byte[totalPositionBytes], totalBlocks)
    {
    }

    /// <summary>Wraps arrays read from a snapshot: <paramref name="positionStarts"/> are already absolute; block metadata is computed by <see cref="Slice"/>.</summary>
    public PackedPostings(int[] documents, int[] frequencies, int[] positionStarts, byte[] positions, int totalBlocks)
    {
        Storage = new PostingStorage
        {
            Documents = documents,
            Frequencies = frequencies,
            PositionStarts = positionStarts,
            Positions = positions,
            BlockMaxFrequencies = new int[totalBlocks],
            BlockMinLengths = new int[totalBlocks],
        };
    }

    /// <summary>The shared arrays; packed lists are slices of them and never resize them.</summary>
    public PostingStorage Storage { get; }

    public long MemoryBytes => Storage.MemoryBytes + 32;

    public static int BlocksFor(int postings) => (postings + PostingList.BlockSize - 1) / PostingList.BlockSize;

    /// <summary>
    /// The next <paramref name="count"/> postings (already in the arrays, from a snapshot) as a list
    /// whose positions end at <paramref name="positionsEnd"/>; computes their block metadata.
    /// </summary>
    public PostingList Slice(int count, int positionsEnd, ReadOnlySpan<int> fieldLengths)
    {
        var offset = _postings;
        var blockOffset = _blocks;
        for (var i = 0; i < count; i++)
        {
            var block = blockOffset + (i / PostingList.BlockSize);
            var frequency = Storage.Frequencies[offset + i];
            var length = fieldLengths[Storage.Documents[offset + i]];
            if (i % PostingList.BlockSize == 0)
            {
                Storage.BlockMaxFrequencies[block] = frequency;
                Storage.BlockMinLengths[block] = length;
            }
            else
            {
                Storage.BlockMaxFrequencies[block] = Math.Max(Storage.BlockMaxFrequencies[block], frequency);
                Storage.BlockMinLengths[block] = Math.Min(Storage.BlockMinLengths[block], length);
            }
        }

        var start = count == 0 ? positionsEnd : Storage.PositionStarts[offset];
        _postings += count;
        _blocks += BlocksFor(count);
        _positions = positionsEnd;
        return new PostingList(this, offset, count, blockOffset, start, positionsEnd);
    }

    /// <summary>Copies the live postings of <paramref name="source"/> in, renumbered by <paramref name="newOrdinal"/> (-1 = dropped).</summary>
    public PostingList AppendCompacted(PostingList source, ReadOnlySpan<int> newOrdinal, ReadOnlySpan<int> fieldLengthByNewOrdinal)
    {
        var offset = _postings;
        var positionsStart = _positions;
        var documents = source.Documents;
        var frequencies = source.Frequencies;
        var starts = source.PositionStarts;
        var bytes = source.PositionBytes;
        var positionsBase = source.PositionsBase;
        for (var i = 0; i < documents.Length; i++)
        {
            var target = newOrdinal[documents[i]];
            if (target < 0)
            {
                continue;
            }

            Storage.Documents[_postings] = target;
            Storage.Frequencies[_postings] = frequencies[i];
            Storage.PositionStarts[_postings] = _positions;
            var length = source.PositionByteLength(i);
            bytes.Slice(starts[i] - positionsBase, length).CopyTo(Storage.Positions.AsSpan(_positions));
            _positions += length;
            _postings++;
        }

        var count = _postings - offset;
        _postings = offset;
        var positionsEnd = _positions;
        _positions = positionsStart;
        return Slice(count, positionsEnd, fieldLengthByNewOrdinal);
    }
}
