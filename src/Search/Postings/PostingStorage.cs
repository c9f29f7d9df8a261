namespace OrleansSearch.Search.Postings;

/// <summary>
/// The arrays postings live in: a <see cref="PostingList"/> of its own while documents are added,
/// or shared by every term of a field after packing (<see cref="PackedPostings"/>). Fields, not
/// properties, so a growing list can resize them in place.
/// </summary>
internal sealed class PostingStorage
{
    public int[] Documents = [];
    public int[] Frequencies = [];
    public int[] PositionStarts = [];
    public byte[] Positions = [];
    public int[] BlockMaxFrequencies = [];
    public int[] BlockMinLengths = [];

    /// <summary>Array headers and capacities plus this object.</summary>
    public long MemoryBytes =>
        (((long)Documents.Length + Frequencies.Length + PositionStarts.Length + BlockMaxFrequencies.Length + BlockMinLengths.Length) * sizeof(int))
        + Positions.Length + (6 * 24) + 64;
}
