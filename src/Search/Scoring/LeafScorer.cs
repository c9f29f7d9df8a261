namespace OrleansSearch.Search.Scoring;

/// <summary>
/// Iterates the live documents matching one query leaf in ordinal order and scores the current
/// one. Starts before the first document (<see cref="Doc"/> = -1); <see cref="NoMoreDocs"/> ends it.
/// </summary>
internal abstract class LeafScorer
{
    public const int NoMoreDocs = int.MaxValue;

    /// <summary>The current document ordinal.</summary>
    public int Doc { get; protected set; } = -1;

    /// <summary>An upper bound of every score this scorer can return (for MaxScore pruning).</summary>
    public abstract double MaxScore { get; }

    /// <summary>Roughly how many documents it visits: the order conjunctions are led in.</summary>
    public abstract long Cost { get; }

    /// <summary>
    /// An upper bound of the score of any document in [<paramref name="target"/>,
    /// <paramref name="blockEnd"/>]: the bound of the block of postings that may contain
    /// <paramref name="target"/>, and the last ordinal that block covers (0 and the end of the
    /// ordinal range past the last posting). Does not move <see cref="Doc"/>; targets must not
    /// decrease between calls. Defaults to <see cref="MaxScore"/> over the whole range.
    /// </summary>
    public virtual double BlockMaxScore(int target, out int blockEnd)
    {
        blockEnd = NoMoreDocs - 1;
        return MaxScore;
    }

    /// <summary>The bound of <see cref="BlockMaxScore(int, out int)"/> without its range.</summary>
    public double BlockMaxScore(int target) => BlockMaxScore(target, out _);

    /// <summary>Moves to the next matching document.</summary>
    public abstract int NextDoc();

    /// <summary>Moves to the first matching document ≥ <paramref name="target"/> (target > <see cref="Doc"/>).</summary>
    public abstract int Advance(int target);

    /// <summary>The score of the current document.</summary>
    public abstract double Score();

    /// <summary>How the score of the current document was computed; its value equals <see cref="Score"/>.</summary>
    public abstract Explanation Explain();
}
