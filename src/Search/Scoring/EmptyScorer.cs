namespace OrleansSearch.Search.Scoring;

/// <summary>A leaf whose term this shard does not have: matches nothing.</summary>
internal sealed class EmptyScorer : LeafScorer
{
    public static EmptyScorer Instance => new();

    public override double MaxScore => 0;

    public override long Cost => 0;

    public override int NextDoc() => Doc = NoMoreDocs;

    public override int Advance(int target) => Doc = NoMoreDocs;

    public override double Score() => 0;

    public override Explanation Explain() => new(0, "no matching term");
}
