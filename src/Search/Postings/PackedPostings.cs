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
    {
        Documents = new int[totalPostings];
        Frequencies = new int[totalPostings];
        PositionStarts = new int[totalPostings];
        Positions = new byte[totalPositionBytes];
        BlockMaxFrequencies = new int[totalBlocks];
        BlockMinLengths = new int[totalBlocks];
    }

    /// <summary>Wraps arrays read from a snapshot: <paramref name="positionStarts"/> are already absolute; block metadata is computed by <see cref="Slice"/>.</summary>
    public PackedPostings(int[] documents, int[] frequencies, int[] positionStarts, byte[] positions, int totalBlocks)
    {
        Documents = documents;
        Frequencies = frequencies;
        PositionStarts = positionStarts;
        Positions = positions;
        BlockMaxFrequencies = new int[totalBlocks];
        BlockMinLengths = new int[totalBlocks];
    }

    public int[] Documents { get; }

    public int[] Frequencies { get; }

    public int[] PositionStarts { get; }

    public byte[] Positions { get; }

    public int[] BlockMaxFrequencies { get; }

    public int[] BlockMinLengths { get; }

    public long MemoryBytes =>
        (((long)Documents.Length + Frequencies.Length + PositionStarts.Length + BlockMaxFrequencies.Length + BlockMinLengths.Length) * sizeof(int))
        + Positions.Length + (6 * 24) + 48;

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
            var frequency = Frequencies[offset + i];
            var length = fieldLengths[Documents[offset + i]];
            if (i % PostingList.BlockSize == 0)
            {
                BlockMaxFrequencies[block] = frequency;
                BlockMinLengths[block] = length;
            }
            else
            {
                BlockMaxFrequencies[block] = Math.Max(BlockMaxFrequencies[block], frequency);
                BlockMinLengths[block] = Math.Min(BlockMinLengths[block], length);
            }
        }

        var start = count == 0 ? positionsEnd : PositionStarts[offset];
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

            Documents[_postings] = target;
            Frequencies[_postings] = frequencies[i];
            PositionStarts[_postings] = _positions;
            var length = source.PositionByteLength(i);
            bytes.Slice(starts[i] - positionsBase, length).CopyTo(Positions.AsSpan(_positions));
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
