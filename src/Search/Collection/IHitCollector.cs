namespace OrleansSearch.Search.Collection;

/// <summary>Receives the matching documents of one shard and keeps the best ones.</summary>
internal interface IHitCollector
{
    /// <summary>
    /// A document scoring below this cannot enter the results (−∞ while any could, or when the
    /// order is not by score); the searcher uses it to skip documents (MaxScore pruning).
    /// </summary>
    double MinCompetitiveScore { get; }

    /// <summary>Offers a matching document.</summary>
    void Collect(int ordinal, double score);
}
